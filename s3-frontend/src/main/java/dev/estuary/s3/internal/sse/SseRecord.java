package dev.estuary.s3.internal.sse;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What is kept with an encrypted object, in the extended attribute {@link
 * dev.estuary.dfs.EncryptedObjects#XATTR} (which also marks it for the file protocols): how its key
 * is found, and the segments of {@link BlockCipher}'s format. Also kept, without segments, on a
 * multipart upload (the key its parts must use) and on each part (its one segment).
 *
 * <p>The customer key of SSE-C is never stored: {@code check} is a random 16-byte salt followed by
 * {@code HMAC-SHA256(key, "estuary-sse-c-check" || salt)}, which tells the right key from a wrong
 * one and nothing more. For SSE-S3, the object's random data key is stored wrapped under the
 * appliance master key {@code masterKeyId} ({@link dev.estuary.core.MasterKeys}).
 *
 * <p>Layout: version byte 1, scheme byte (1 SSE-C, 2 SSE-S3); SSE-C: the 48 check bytes; SSE-S3:
 * the master key id (int), the wrapped key's length (short) and bytes; then the segment count
 * (int) and per segment its plaintext length (long) and 16-byte salt.
 *
 * @param scheme SSE-C or SSE-S3
 * @param check SSE-C's salted key check (48 bytes), empty for SSE-S3
 * @param masterKeyId SSE-S3's master key id, 0 for SSE-C
 * @param wrappedKey SSE-S3's wrapped data key, empty for SSE-C
 * @param segments the segments in order (none on an upload)
 */
public record SseRecord(Scheme scheme, byte[] check, int masterKeyId, byte[] wrappedKey,
    List<Segment> segments) {

  /** How an object's key is found. */
  public enum Scheme {
    /** SSE-C: the client sends the key with every request. */
    CUSTOMER,
    /** SSE-S3: a data key wrapped under the appliance master key. */
    APPLIANCE
  }

  /**
   * A run of plaintext encrypted with one salt.
   *
   * @param plainLength its plaintext length
   * @param salt its salt ({@link BlockCipher#SALT} bytes)
   */
  public record Segment(long plainLength, byte[] salt) {
    /** Validates the components. */
    public Segment {
      if (plainLength < 0 || salt.length != BlockCipher.SALT) {
        throw new IllegalArgumentException("segment: " + plainLength + " bytes, salt of "
            + salt.length + " (expected: >= 0 bytes, salt of " + BlockCipher.SALT + ")");
      }
    }
  }

  /** Validates the components. */
  public SseRecord {
    requireNonNull(scheme, "scheme");
    requireNonNull(check, "check");
    requireNonNull(wrappedKey, "wrappedKey");
    segments = List.copyOf(segments);
  }

  /**
   * Returns the plaintext size: the segments' lengths added up.
   *
   * @return the object's size as S3 reports it
   */
  public long plainSize() {
    long n = 0;
    for (Segment s : segments) {
      n += s.plainLength();
    }
    return n;
  }

  /**
   * Returns the same key description with other segments.
   *
   * @param newSegments the segments
   * @return the copy
   */
  public SseRecord withSegments(List<Segment> newSegments) {
    return new SseRecord(scheme, check, masterKeyId, wrappedKey, newSegments);
  }

  /**
   * Encodes the record.
   *
   * @return its bytes
   */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + 24 * segments.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeByte(scheme == Scheme.CUSTOMER ? 1 : 2);
      if (scheme == Scheme.CUSTOMER) {
        out.write(check);
      } else {
        out.writeInt(masterKeyId);
        out.writeShort(wrappedKey.length);
        out.write(wrappedKey);
      }
      out.writeInt(segments.size());
      for (Segment s : segments) {
        out.writeLong(s.plainLength());
        out.write(s.salt());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a record.
   *
   * @param b what {@link #encode} wrote
   * @return the record
   * @throws IllegalArgumentException for bytes this version cannot read
   */
  public static SseRecord decode(byte[] b) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      int version = in.readUnsignedByte();
      if (version != 1) {
        throw new IllegalArgumentException("SSE record version: " + version + " (expected: 1)");
      }
      int s = in.readUnsignedByte();
      Scheme scheme;
      byte[] check = new byte[0];
      byte[] wrapped = new byte[0];
      int keyId = 0;
      if (s == 1) {
        scheme = Scheme.CUSTOMER;
        check = in.readNBytes(48);
      } else if (s == 2) {
        scheme = Scheme.APPLIANCE;
        keyId = in.readInt();
        wrapped = in.readNBytes(in.readUnsignedShort());
      } else {
        throw new IllegalArgumentException("SSE record scheme: " + s + " (expected: 1 or 2)");
      }
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        throw new IllegalArgumentException("SSE record segments: " + n + " (expected: 0..10000)");
      }
      List<Segment> segs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long len = in.readLong();
        byte[] salt = new byte[BlockCipher.SALT];
        in.readFully(salt);
        segs.add(new Segment(len, salt));
      }
      return new SseRecord(scheme, check, keyId, wrapped, segs);
    } catch (IOException e) {
      throw new IllegalArgumentException("SSE record: truncated", e);
    }
  }
}

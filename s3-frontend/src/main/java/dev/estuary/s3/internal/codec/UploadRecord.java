package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * A multipart upload in progress, as stored in the extended attribute {@link #XATTR} of its
 * directory: the key, when it began, the checksum algorithm and type the client chose, and the
 * object metadata given at CreateMultipartUpload.
 *
 * @param key the object key
 * @param initiatedNanos when the upload began, epoch nanoseconds
 * @param checksumAlgorithm the algorithm, or null
 * @param checksumType {@code COMPOSITE} or {@code FULL_OBJECT}, or null
 * @param meta the object metadata to store at completion
 */
public record UploadRecord(String key, long initiatedNanos, @Nullable String checksumAlgorithm,
    @Nullable String checksumType, ObjectMeta meta) {

  /** The extended attribute of an upload directory. */
  public static final String XATTR = "estuary.s3.upload";

  /** Validates the components. */
  public UploadRecord {
    requireNonNull(key, "key");
    requireNonNull(meta, "meta");
  }

  /**
   * Encodes the record.
   *
   * @return its bytes
   */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(key);
      out.writeLong(initiatedNanos);
      out.writeUTF(checksumAlgorithm == null ? "" : checksumAlgorithm);
      out.writeUTF(checksumType == null ? "" : checksumType);
      byte[] m = ObjectMetaCodec.encode(meta);
      out.writeInt(m.length);
      out.write(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a record.
   *
   * @param b the bytes
   * @return the record
   * @throws IllegalArgumentException for bytes this version cannot read
   */
  public static UploadRecord decode(byte[] b) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      int v = in.readUnsignedByte();
      if (v != 1) {
        throw new IllegalArgumentException(XATTR + " version: " + v + " (expected: 1)");
      }
      String key = in.readUTF();
      long t = in.readLong();
      String alg = in.readUTF();
      String type = in.readUTF();
      byte[] m = new byte[in.readInt()];
      in.readFully(m);
      return new UploadRecord(key, t, alg.isEmpty() ? null : alg, type.isEmpty() ? null : type,
          ObjectMetaCodec.decode(m));
    } catch (IOException e) {
      throw new IllegalArgumentException(XATTR + ": truncated", e);
    }
  }
}

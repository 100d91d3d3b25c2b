package dev.estuary.s3.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The byte form of {@link ObjectMeta}, kept in the single extended attribute {@link #XATTR} so an
 * object costs one extra metadata record, not one per header. Layout: a version byte ({@code 1}),
 * the two fingerprint longs, then tagged fields, each a tag byte followed by Java modified-UTF-8
 * strings ({@link DataOutputStream#writeUTF}); repeated tags carry user metadata, tags and part
 * sizes in order. Unknown tags stop decoding with an error, so a newer writer is never misread.
 */
public final class ObjectMetaCodec {
  /** The extended attribute that holds an object's S3 metadata. */
  public static final String XATTR = "estuary.s3.meta";

  private static final int VERSION = 1;
  private static final int CONTENT_TYPE = 1;
  private static final int CONTENT_ENCODING = 2;
  private static final int CONTENT_DISPOSITION = 3;
  private static final int CONTENT_LANGUAGE = 4;
  private static final int CACHE_CONTROL = 5;
  private static final int EXPIRES = 6;
  private static final int USER = 7;
  private static final int ETAG = 8;
  private static final int CHECKSUM = 9;
  private static final int PART = 10;
  private static final int TAG = 11;
  private static final int VERSION_ID = 12;
  private static final int LAST_TAG = VERSION_ID;

  private ObjectMetaCodec() {}

  /**
   * Encodes metadata.
   *
   * @param m the metadata
   * @return its bytes
   */
  public static byte[] encode(ObjectMeta m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(m.size());
      out.writeLong(m.modifyNanos());
      opt(out, CONTENT_TYPE, m.contentType());
      opt(out, CONTENT_ENCODING, m.contentEncoding());
      opt(out, CONTENT_DISPOSITION, m.contentDisposition());
      opt(out, CONTENT_LANGUAGE, m.contentLanguage());
      opt(out, CACHE_CONTROL, m.cacheControl());
      opt(out, EXPIRES, m.expires());
      for (Map.Entry<String, String> e : m.userMetadata().entrySet()) {
        out.writeByte(USER);
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      opt(out, ETAG, m.etag());
      if (m.checksumAlgorithm() != null && m.checksumValue() != null) {
        out.writeByte(CHECKSUM);
        out.writeUTF(m.checksumAlgorithm());
        out.writeUTF(m.checksumValue());
        out.writeUTF(m.checksumType() == null ? "" : m.checksumType());
      }
      for (long p : m.partSizes()) {
        out.writeByte(PART);
        out.writeLong(p);
      }
      for (Map.Entry<String, String> e : m.tags().entrySet()) {
        out.writeByte(TAG);
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      opt(out, VERSION_ID, m.versionId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes metadata.
   *
   * @param bytes what {@link #encode} wrote
   * @return the metadata
   * @throws IllegalArgumentException for bytes this version cannot read
   */
  public static ObjectMeta decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            XATTR + " version: " + version + " (expected: " + VERSION + ")");
      }
      long size = in.readLong();
      long modify = in.readLong();
      String[] simple = new String[7];
      Map<String, String> user = new LinkedHashMap<>();
      Map<String, String> tags = new LinkedHashMap<>();
      List<Long> parts = new ArrayList<>();
      String alg = null;
      String value = null;
      String type = null;
      String versionId = null;
      int tag;
      while ((tag = in.read()) >= 0) {
        switch (tag) {
          case CONTENT_TYPE, CONTENT_ENCODING, CONTENT_DISPOSITION, CONTENT_LANGUAGE,
              CACHE_CONTROL, EXPIRES -> simple[tag] = in.readUTF();
          case ETAG -> simple[0] = in.readUTF();
          case USER -> user.put(in.readUTF(), in.readUTF());
          case TAG -> tags.put(in.readUTF(), in.readUTF());
          case PART -> parts.add(in.readLong());
          case VERSION_ID -> versionId = in.readUTF();
          case CHECKSUM -> {
            alg = in.readUTF();
            value = in.readUTF();
            type = in.readUTF();
            if (type.isEmpty()) {
              type = null;
            }
          }
          default -> throw new IllegalArgumentException(
              XATTR + " field tag: " + tag + " (expected: 1.." + LAST_TAG + ")");
        }
      }
      return new ObjectMeta(simple[CONTENT_TYPE], simple[CONTENT_ENCODING],
          simple[CONTENT_DISPOSITION], simple[CONTENT_LANGUAGE], simple[CACHE_CONTROL],
          simple[EXPIRES], user, simple[0], alg, value, type, parts, tags, size, modify,
          versionId);
    } catch (IOException e) {
      throw new IllegalArgumentException(XATTR + ": truncated (" + e + ")", e);
    }
  }

  private static void opt(DataOutputStream out, int tag, @Nullable String v) throws IOException {
    if (v != null) {
      out.writeByte(tag);
      out.writeUTF(v);
    }
  }
}

package dev.estuary.s3.internal.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ListObjectsV2 and ListObjects (V1) responses ({@code ListBucketResult}). With {@code
 * encoding-type=url} every key-like field (Key, Prefix, Delimiter, StartAfter, Marker, NextMarker)
 * is percent-encoded as UTF-8, so keys XML 1.0 cannot carry still round-trip.
 */
public final class ListBucketResultXml {
  private ListBucketResultXml() {}

  /**
   * One object listed.
   *
   * @param key the key
   * @param lastModified the modify time
   * @param etag the ETag without quotes
   * @param size the size
   * @param checksumAlgorithm the stored checksum algorithm, or null
   * @param checksumType the stored checksum type, or null
   * @param ownerId the owner (the file's uid), or null to leave Owner out
   */
  public record Entry(String key, Instant lastModified, String etag, long size,
      @Nullable String checksumAlgorithm, @Nullable String checksumType,
      @Nullable String ownerId) {}

  /**
   * A listing page.
   *
   * @param bucket the bucket
   * @param prefix the prefix asked for
   * @param delimiter the delimiter asked for, or null
   * @param maxKeys the page size asked for
   * @param urlEncoding whether {@code encoding-type=url} was asked for
   * @param truncated whether more follows
   * @param entries the objects
   * @param commonPrefixes the common prefixes
   * @param v2 true for ListObjectsV2
   * @param continuationToken V2: the token given, or null
   * @param nextContinuationToken V2: the token to continue with, or null
   * @param startAfter V2: start-after given, or null
   * @param marker V1: the marker given
   * @param nextMarker V1: the marker to continue with (sent when a delimiter was given), or null
   */
  public record Page(String bucket, String prefix, @Nullable String delimiter, int maxKeys,
      boolean urlEncoding, boolean truncated, List<Entry> entries, List<String> commonPrefixes,
      boolean v2, @Nullable String continuationToken, @Nullable String nextContinuationToken,
      @Nullable String startAfter, String marker, @Nullable String nextMarker) {}

  /**
   * Encodes a page.
   *
   * @param p the page
   * @return the XML
   */
  public static String encode(Page p) {
    boolean u = p.urlEncoding();
    XmlDoc d = new XmlDoc("ListBucketResult");
    d.el("Name", p.bucket()).el("Prefix", enc(p.prefix(), u));
    if (p.v2()) {
      d.el("KeyCount", p.entries().size() + p.commonPrefixes().size());
      if (p.continuationToken() != null) {
        d.el("ContinuationToken", p.continuationToken());
      }
      if (p.nextContinuationToken() != null) {
        d.el("NextContinuationToken", p.nextContinuationToken());
      }
      if (p.startAfter() != null) {
        d.el("StartAfter", enc(p.startAfter(), u));
      }
    } else {
      d.el("Marker", enc(p.marker(), u));
      if (p.nextMarker() != null) {
        d.el("NextMarker", enc(p.nextMarker(), u));
      }
    }
    d.el("MaxKeys", p.maxKeys());
    if (p.delimiter() != null) {
      d.el("Delimiter", enc(p.delimiter(), u));
    }
    if (u) {
      d.el("EncodingType", "url");
    }
    d.el("IsTruncated", p.truncated());
    for (Entry e : p.entries()) {
      d.open("Contents").el("Key", enc(e.key(), u)).date("LastModified", e.lastModified())
          .el("ETag", '"' + e.etag() + '"').el("Size", e.size());
      if (e.checksumAlgorithm() != null) {
        d.el("ChecksumAlgorithm", e.checksumAlgorithm());
        if (e.checksumType() != null) {
          d.el("ChecksumType", e.checksumType());
        }
      }
      d.el("StorageClass", "STANDARD");
      if (e.ownerId() != null) {
        d.open("Owner").el("ID", e.ownerId()).el("DisplayName", e.ownerId()).close("Owner");
      }
      d.close("Contents");
    }
    for (String cp : p.commonPrefixes()) {
      d.open("CommonPrefixes").el("Prefix", enc(cp, u)).close("CommonPrefixes");
    }
    return d.end("ListBucketResult");
  }

  /**
   * Percent-encodes text as S3 does for {@code encoding-type=url}: everything but unreserved
   * characters and {@code /}.
   *
   * @param s the text
   * @param on whether to encode
   * @return the text, encoded when asked
   */
  public static String enc(String s, boolean on) {
    if (!on) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
          || c == '_' || c == '.' || c == '~' || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }
}

package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.dfs.Attributes;
import dev.estuary.s3.internal.codec.HttpDate;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Object metadata between HTTP headers and {@link ObjectMeta}: the content headers S3 stores,
 * {@code x-amz-meta-*} user metadata (at most 2 KiB, {@code MetadataTooLarge}), and the headers a
 * GET or HEAD answers with.
 */
public final class MetaHeaders {
  /** The type S3 reports for objects stored without one. */
  public static final String DEFAULT_TYPE = "binary/octet-stream";

  private static final String META = "x-amz-meta-";

  private MetaHeaders() {}

  /**
   * Reads the metadata a PUT, CopyObject (REPLACE) or CreateMultipartUpload carries.
   *
   * @param h the request headers
   * @param settings the limits
   * @param tags the tag set from {@code x-amz-tagging}
   * @return metadata without content values
   */
  public static ObjectMeta fromRequest(RequestHeaders h, S3Settings settings,
      Map<String, String> tags) {
    Map<String, String> user = new LinkedHashMap<>();
    int bytes = 0;
    for (Map.Entry<AsciiString, String> e : h) {
      String name = e.getKey().toString().toLowerCase(Locale.ROOT);
      if (name.startsWith(META)) {
        String k = name.substring(META.length());
        String v = e.getValue();
        bytes += k.getBytes(StandardCharsets.UTF_8).length + v.getBytes(StandardCharsets.UTF_8).length;
        user.merge(k, v, (a, b) -> a + "," + b);
      }
    }
    if (bytes > settings.maxUserMetadataBytes()) {
      throw new S3Exception(S3ErrorCode.METADATA_TOO_LARGE, "user metadata: " + bytes
          + " bytes (expected: <= " + settings.maxUserMetadataBytes() + ")")
          .withDetail("Size", Integer.toString(bytes))
          .withDetail("MaxSizeAllowed", Integer.toString(settings.maxUserMetadataBytes()));
    }
    return new ObjectMeta(h.get("content-type"), storedEncoding(h.get("content-encoding")),
        h.get("content-disposition"), h.get("content-language"), h.get("cache-control"),
        h.get("expires"), user, null, null, null, null, List.of(), tags, -1, -1);
  }

  /**
   * Returns the {@code Content-Encoding} an object keeps: the request's codings without {@code
   * aws-chunked}, which describes the request's framing and not the object (S3 User Guide,
   * "Signature Calculations for the Authorization Header: Transferring Payload in Multiple
   * Chunks": "Amazon S3 stores the resulting object without the aws-chunked value").
   *
   * @param header the request's {@code Content-Encoding}, or null
   * @return e.g. {@code gzip} for {@code gzip, aws-chunked}; null when nothing else is left
   */
  static @org.jspecify.annotations.Nullable String storedEncoding(
      @org.jspecify.annotations.Nullable String header) {
    if (header == null) {
      return null;
    }
    java.util.List<String> kept = new java.util.ArrayList<>();
    for (String coding : header.split(",")) {
      String c = coding.strip();
      if (!c.isEmpty() && !c.equalsIgnoreCase("aws-chunked")) {
        kept.add(c);
      }
    }
    return kept.isEmpty() ? null : String.join(", ", kept);
  }

  /**
   * Writes the headers GET and HEAD answer with for an object.
   *
   * @param out the response headers
   * @param a the object's attributes
   * @param m its metadata
   * @param withChecksum whether {@code x-amz-checksum-mode: ENABLED} asked for the checksum
   */
  public static void toResponse(HttpHeadersBuilder out, Attributes a, ObjectMeta m,
      boolean withChecksum) {
    out.set("etag", '"' + Store.etag(a, m) + '"');
    out.set("last-modified", HttpDate.format(a.modifyTime()));
    out.set("accept-ranges", "bytes");
    out.set("content-type", m.contentType() != null ? m.contentType() : DEFAULT_TYPE);
    setIf(out, "content-encoding", m.contentEncoding());
    setIf(out, "content-disposition", m.contentDisposition());
    setIf(out, "content-language", m.contentLanguage());
    setIf(out, "cache-control", m.cacheControl());
    setIf(out, "expires", m.expires());
    m.userMetadata().forEach((k, v) -> out.add(META + k, headerText(v)));
    if (!m.tags().isEmpty()) {
      out.set("x-amz-tagging-count", Integer.toString(m.tags().size()));
    }
    if (!m.partSizes().isEmpty()) {
      out.set("x-amz-mp-parts-count", Integer.toString(m.partSizes().size()));
    }
    if (withChecksum && m.checksumAlgorithm() != null && m.checksumValue() != null) {
      String v = m.checksumValue();
      if ("COMPOSITE".equals(m.checksumType())) {
        v = v + "-" + m.partSizes().size();
      }
      out.set("x-amz-checksum-" + m.checksumAlgorithm().toLowerCase(Locale.ROOT), v);
      if (m.checksumType() != null) {
        out.set("x-amz-checksum-type", m.checksumType());
      }
    }
  }

  /**
   * Returns a stored value as a header can carry it. HTTP/1 header bytes are ISO-8859-1 (RFC
   * 9110 §5.5), so text up to U+00FF goes out as is (and a client reads back what it sent); text
   * with a character beyond goes out as an RFC 2047 encoded word, as S3 returns non-ASCII user
   * metadata (S3 User Guide, "Working with object metadata").
   *
   * @param v the stored text
   * @return the header value
   */
  static String headerText(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) > 0xff) {
        return "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(
            v.getBytes(StandardCharsets.UTF_8)) + "?=";
      }
    }
    return v;
  }

  private static void setIf(HttpHeadersBuilder out, String name, @org.jspecify.annotations.Nullable String v) {
    if (v != null) {
      out.set(name, v);
    }
  }
}

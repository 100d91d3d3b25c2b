package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.dfs.Attributes;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

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
    return new ObjectMeta(h.get("content-type"), h.get("content-encoding"),
        h.get("content-disposition"), h.get("content-language"), h.get("cache-control"),
        h.get("expires"), user, null, null, null, null, List.of(), tags, -1, -1, null);
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
    out.set("last-modified", httpDate(a.modifyTime()));
    out.set("accept-ranges", "bytes");
    out.set("content-type", m.contentType() != null ? m.contentType() : DEFAULT_TYPE);
    setIf(out, "content-encoding", m.contentEncoding());
    setIf(out, "content-disposition", m.contentDisposition());
    setIf(out, "content-language", m.contentLanguage());
    setIf(out, "cache-control", m.cacheControl());
    setIf(out, "expires", m.expires());
    m.userMetadata().forEach((k, v) -> out.add(META + k, v));
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
   * Formats an instant as an HTTP date (RFC 9110 §5.6.7).
   *
   * @param t the instant
   * @return e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}
   */
  public static String httpDate(java.time.Instant t) {
    return HTTP_DATE.format(t.atOffset(ZoneOffset.UTC));
  }

  private static void setIf(HttpHeadersBuilder out, String name, @org.jspecify.annotations.Nullable String v) {
    if (v != null) {
      out.set(name, v);
    }
  }
}

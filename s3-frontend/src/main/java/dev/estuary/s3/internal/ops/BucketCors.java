package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.CorsConfiguration;
import java.util.List;
import java.util.Optional;

/**
 * A bucket's CORS configuration: the document as accepted by PutBucketCors, kept in the extended
 * attribute {@value #XATTR} of the volume root, so it lives and dies with the volume; and the
 * {@code Access-Control-*} headers a matching rule adds to responses.
 */
public final class BucketCors {
  /** The attribute on the volume root. */
  static final String XATTR = "estuary.s3.cors";

  private BucketCors() {}

  static Optional<byte[]> read(Volume v) {
    // Asked on every request with an Origin: no exception for buckets without CORS (Xattrs).
    return Xattrs.get(v, v.root(), XATTR);
  }

  static void allowHeaders(HttpHeadersBuilder h, CorsConfiguration.CorsRule rule, String origin) {
    boolean any = rule.allowedOrigins().contains("*");
    h.set("access-control-allow-origin", any ? "*" : origin);
    h.set("access-control-allow-methods", String.join(", ", rule.allowedMethods()));
    if (!rule.exposeHeaders().isEmpty()) {
      h.set("access-control-expose-headers", String.join(", ", rule.exposeHeaders()));
    }
    if (!any) {
      h.set("vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
      h.set("access-control-allow-credentials", "true");
    }
  }

  /**
   * Adds the CORS headers of an actual (non-preflight) request from a browser, when the bucket
   * has a rule for its origin and method. Failures to read the configuration add nothing.
   *
   * @param store the store
   * @param bucket the bucket
   * @param origin the {@code Origin} header
   * @param method the request method
   * @param h the response headers
   */
  public static void decorate(Store store, String bucket, String origin, String method,
      HttpHeadersBuilder h) {
    try {
      Volume v = store.bucket(bucket);
      read(v).map(CorsConfiguration::parse).flatMap(c -> c.match(origin, method, List.of()))
          .ifPresent(r -> allowHeaders(h, r, origin));
    } catch (RuntimeException e) {
      // No bucket or no valid configuration: no CORS headers.
    }
  }
}

package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.CorsConfiguration;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CORS preflight ({@code OPTIONS /bucket[/key]}, S3 API Reference "OPTIONS object"): browsers
 * send it unsigned, so it needs no credentials and reveals only what the bucket's CORS
 * configuration allows. A request no rule allows is {@code 403 AccessDenied}.
 */
final class CorsPreflightOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String origin = req.header("origin");
    String method = req.header("access-control-request-method");
    if (origin == null || method == null) {
      throw new S3Exception(S3ErrorCode.BAD_REQUEST, "Insufficient information. Origin request"
          + " header and Access-Control-Request-Method are needed.");
    }
    String rh = req.header("access-control-request-headers");
    List<String> requested = rh == null || rh.isBlank() ? List.of()
        : Arrays.stream(rh.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    Volume v = store.bucket(req.requireBucket());
    Optional<CorsConfiguration.CorsRule> rule = BucketCors.read(v)
        .map(CorsConfiguration::parse).flatMap(c -> c.match(origin, method, requested));
    if (rule.isEmpty()) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
          "CORSResponse: This CORS request is not allowed.");
    }
    HttpHeadersBuilder h = HttpHeaders.builder();
    BucketCors.allowHeaders(h, rule.get(), origin);
    if (!requested.isEmpty()) {
      h.set("access-control-allow-headers", String.join(", ", requested));
    }
    rule.get().maxAgeSeconds().ifPresent(s -> h.set("access-control-max-age", Integer.toString(s)));
    return Reply.empty(200, h.build());
  }
}

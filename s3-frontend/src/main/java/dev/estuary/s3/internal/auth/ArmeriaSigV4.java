package dev.estuary.s3.internal.auth;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link SigV4Request} from an Armeria request.
 *
 * <p>It uses {@link ServiceRequestContext#rawPath()}, the path as sent, because Armeria's
 * normalised path collapses "//" (S3 keys may contain it) and clients sign the raw path (see the
 * S3 notes). Armeria keeps the HTTP/1 {@code Host} header as the {@code :authority} pseudo-header,
 * so that becomes {@code host} again; other pseudo-headers are dropped.
 */
public final class ArmeriaSigV4 {
  private ArmeriaSigV4() {}

  /** The request as SigV4 verification sees it. */
  public static SigV4Request request(ServiceRequestContext ctx, RequestHeaders headers) {
    String raw = ctx.rawPath();
    String path = raw;
    String query = ctx.query();
    int q = raw.indexOf('?');
    if (q >= 0) {
      path = raw.substring(0, q);
      if (query == null) {
        query = raw.substring(q + 1);
      }
    }
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      String n = name.toString();
      if (!n.startsWith(":")) {
        h.computeIfAbsent(n, k -> new ArrayList<>()).add(value);
      }
    });
    if (!h.containsKey("host")) {
      String authority = headers.get(HttpHeaderNames.AUTHORITY);
      if (authority != null) {
        h.put("host", List.of(authority));
      }
    }
    return new SigV4Request(headers.method().name(), path, query == null ? "" : query, h);
  }
}

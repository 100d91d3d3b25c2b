package dev.estuary.core.internal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.estuary.core.ServerTls;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import dev.estuary.dfs.DfsException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint on Armeria: {@code GET /metrics} (Prometheus text), {@code GET /health}
 * (JSON, 200 or 503), and the admin API under {@code /api/v1/} that the CLI uses while a server
 * runs, authenticated with the bearer token from {@code <data>/run/admin.json}. {@code /metrics}
 * and {@code /health} need no token: they reveal no secret and monitoring must reach them.
 */
public final class AdminHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminHttpServer.class);
  private static final MediaType PROMETHEUS_TEXT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  /** A handler of one admin API route: gets the request, returns the JSON body or null (204). */
  @FunctionalInterface
  private interface Handler {
    @Nullable Object handle(ServiceRequestContext ctx, AggregatedHttpRequest req) throws Exception;
  }

  private final ObjectMapper json = new ObjectMapper();
  private final Server server;
  private final byte[] token;
  private final @Nullable AdminOperations ops;

  /**
   * Builds and starts the server.
   *
   * @param bind the address to listen on
   * @param port the port (0 for a free one)
   * @param registry the registry {@code /metrics} exports
   * @param health computes {@code /health}
   * @param ops what the admin API does, or null for none: a frontend process of node mode has no
   *     user store or data directory to administer (the engine daemon's admin API does that)
   * @param token the admin API bearer token
   * @param tls the certificate of an HTTPS endpoint, or null for plain HTTP
   * @throws GatewayException naming the address if it cannot listen
   */
  public AdminHttpServer(InetAddress bind, int port, PrometheusMeterRegistry registry,
      Supplier<HealthReport> health, @Nullable AdminOperations ops, String token,
      @Nullable ServerTls tls) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.ops = ops;
    ServerBuilder sb = Server.builder();
    if (tls == null) {
      sb.http(new InetSocketAddress(bind, port));
    } else {
      // HTTPS only: the bearer token must never cross the network in clear text.
      sb.https(new InetSocketAddress(bind, port))
          .tls(TlsKeyPair.of(tls.privateKey(), tls.certificateChain()));
    }
    sb
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
        .requestTimeout(Duration.ofMinutes(10))
        // Armeria's own meters (requests, executors) go to /metrics too, not to a global registry.
        .meterRegistry(registry);
    sb.service("/metrics", (ctx, req) ->
        HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape()));
    sb.service("/health", (ctx, req) -> HttpResponse.of(() -> {
      HealthReport r = health.get();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", r.up() ? "UP" : "DOWN");
      body.put("components", r.components());
      return jsonResponse(r.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
    }, ctx.blockingTaskExecutor()));
    if (ops != null) {
      routes(sb, ops);
    }
    server = sb.build();
    try {
      server.start().join();
    } catch (CompletionException e) {
      throw new GatewayException("admin: cannot listen on " + bind.getHostAddress() + ":" + port
          + " (" + rootMessage(e) + "; expected: a free port, see --admin-port)", e);
    }
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the real port, also when 0 was asked for
   */
  public int port() {
    return server.activeLocalPort();
  }

  private void routes(ServerBuilder sb, AdminOperations ops) {
    String v = "/api/v1";
    route(sb, "GET", v + "/status", (ctx, req) -> ops.status());
    route(sb, "GET", v + "/volumes", (ctx, req) -> ops.listVolumes());
    route(sb, "POST", v + "/volumes",
        (ctx, req) -> ops.createVolume(body(req, AdminViews.CreateVolume.class)));
    route(sb, "DELETE", v + "/volumes/{name}", (ctx, req) -> {
      String force = QueryParams.fromQueryString(ctx.query()).get("force", "false");
      ops.deleteVolume(ctx.pathParam("name"), Boolean.parseBoolean(force));
      return null;
    });
    route(sb, "GET", v + "/volumes/{name}", (ctx, req) -> ops.showVolume(ctx.pathParam("name")));
    route(sb, "POST", v + "/volumes/{name}/exports", (ctx, req) ->
        ops.exportVolume(ctx.pathParam("name"), body(req, AdminViews.SetExport.class)));
    route(sb, "DELETE", v + "/volumes/{name}/exports", (ctx, req) -> ops.unexportVolume(
        ctx.pathParam("name"), QueryParams.fromQueryString(ctx.query()).get("clients")));
    route(sb, "GET", v + "/groups", (ctx, req) -> ops.listGroups());
    route(sb, "POST", v + "/groups", (ctx, req) -> ops.addGroup(body(req, AdminViews.AddGroup.class)));
    route(sb, "DELETE", v + "/groups/{name}", (ctx, req) -> {
      ops.deleteGroup(ctx.pathParam("name"));
      return null;
    });
    route(sb, "PUT", v + "/groups/{name}/members/{user}", (ctx, req) -> {
      ops.setMember(ctx.pathParam("name"), ctx.pathParam("user"), true);
      return null;
    });
    route(sb, "DELETE", v + "/groups/{name}/members/{user}", (ctx, req) -> {
      ops.setMember(ctx.pathParam("name"), ctx.pathParam("user"), false);
      return null;
    });
    route(sb, "GET", v + "/users", (ctx, req) -> ops.listUsers());
    route(sb, "POST", v + "/users", (ctx, req) -> ops.addUser(body(req, AdminViews.AddUser.class)));
    route(sb, "DELETE", v + "/users/{name}", (ctx, req) -> {
      ops.deleteUser(ctx.pathParam("name"));
      return null;
    });
    route(sb, "PUT", v + "/users/{name}/password", (ctx, req) -> {
      ops.setPassword(ctx.pathParam("name"), body(req, AdminViews.Password.class).password());
      return null;
    });
    route(sb, "GET", v + "/users/{name}/keys", (ctx, req) -> ops.keys(ctx.pathParam("name")));
    route(sb, "POST", v + "/users/{name}/keys",
        (ctx, req) -> ops.rotateKeys(ctx.pathParam("name")));
    route(sb, "GET", v + "/sse/keys", (ctx, req) -> ops.sseKeys());
    route(sb, "POST", v + "/sse/keys", (ctx, req) -> ops.rotateSseKey());
    route(sb, "POST", v + "/users/{name}/tokens", (ctx, req) -> ops.createToken(
        ctx.pathParam("name"), body(req, AdminViews.NewToken.class).description()));
    route(sb, "DELETE", v + "/users/{name}/tokens/{id}", (ctx, req) -> {
      ops.revokeToken(ctx.pathParam("name"), ctx.pathParam("id"));
      return null;
    });
    route(sb, "POST", v + "/users/{name}/grants", (ctx, req) -> {
      ops.grant(ctx.pathParam("name"), body(req, AdminViews.Grant.class));
      return null;
    });
    route(sb, "PUT", v + "/users/{name}/create-buckets", (ctx, req) -> {
      ops.createBuckets(ctx.pathParam("name"), body(req, AdminViews.CreateBuckets.class));
      return null;
    });
  }

  private void route(ServerBuilder sb, String method, String path, Handler h) {
    HttpService service = (ctx, req) -> {
      if (!authorised(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
        return jsonResponse(HttpStatus.UNAUTHORIZED,
            Map.of("error", "admin API: missing or bad bearer token (expected: the token in"
                + " <data>/run/admin.json)"));
      }
      return HttpResponse.of(req.aggregate().thenApplyAsync(agg -> {
        try {
          Object result = h.handle(ctx, agg);
          return result == null ? HttpResponse.of(HttpStatus.NO_CONTENT)
              : jsonResponse(HttpStatus.OK, result);
        } catch (Exception e) {
          return error(e);
        }
      }, ctx.blockingTaskExecutor()));
    };
    sb.route().path(path).methods(com.linecorp.armeria.common.HttpMethod.valueOf(method))
        .build(service);
  }

  private boolean authorised(@Nullable String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(
        token, header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
  }

  private <T> T body(AggregatedHttpRequest req, Class<T> type) {
    try {
      T value = json.readValue(req.content().array(), type);
      if (value == null) {
        throw new IllegalArgumentException("request body: empty (expected: JSON "
            + type.getSimpleName() + ")");
      }
      return value;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("request body: not a valid " + type.getSimpleName()
          + " (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
  }

  private HttpResponse error(Exception e) {
    HttpStatus status;
    String kind;
    if (e instanceof DfsException d) {
      kind = d.kind().name();
      status = switch (d.kind()) {
        case NOT_FOUND -> HttpStatus.NOT_FOUND;
        // A volume holding a file under retention or legal hold cannot be deleted yet.
        case EXISTS, NOT_EMPTY, BUSY, RETAINED -> HttpStatus.CONFLICT;
        case INVALID_ARGUMENT, NAME_TOO_LONG -> HttpStatus.BAD_REQUEST;
        case ACCESS_DENIED, NOT_PERMITTED -> HttpStatus.FORBIDDEN;
        default -> HttpStatus.INTERNAL_SERVER_ERROR;
      };
    } else if (e instanceof IllegalArgumentException) {
      kind = "INVALID_ARGUMENT";
      status = HttpStatus.BAD_REQUEST;
    } else {
      kind = "INTERNAL";
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      log.warn("admin API request failed", e);
    }
    return jsonResponse(status, Map.of("error", String.valueOf(e.getMessage()), "kind", kind));
  }

  private HttpResponse jsonResponse(HttpStatus status, Object body) {
    try {
      return HttpResponse.of(status, MediaType.JSON_UTF_8, json.writeValueAsBytes(body));
    } catch (java.io.IOException e) {
      return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }

  /**
   * Stops accepting and closes. The listening socket closes at once; Netty's acceptor threads then
   * idle through a fixed 2-second quiet period, which is not waited for beyond a short bound.
   */
  @Override
  public void close() {
    try {
      server.stop().get(300, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // The rest of the shutdown finishes in the background.
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("admin server stop failed error={}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.estuary.node.internal.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.estuary.node.internal.description.DescriptionException;
import dev.estuary.node.internal.description.Role;
import dev.estuary.node.internal.podman.PodmanException;
import dev.estuary.node.internal.supervise.NodeAgent;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The agent's admin HTTP API. {@code GET /health} and {@code GET /metrics} (Prometheus text) need no
 * token: they reveal no secret and monitoring must reach them. Everything under {@code /api/v1/}
 * needs the bearer token of {@code agent.json}:
 * <ul>
 *   <li>{@code GET /api/v1/node}: each role's container, state, health and restarts;
 *   <li>{@code POST /api/v1/node/roles/{role}/restart};
 *   <li>{@code POST /api/v1/node/roles/{role}/upgrade} with {@code {"image": "..."}};
 *   <li>{@code POST /api/v1/node/down}: remove every container and end the agent.
 * </ul>
 */
public final class AgentApi implements AutoCloseable {
  private static final MediaType PROMETHEUS_TEXT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  @FunctionalInterface
  private interface Handler {
    @Nullable Object handle(ServiceRequestContext ctx, AggregatedHttpRequest req);
  }

  /**
   * The body of an upgrade request.
   *
   * @param image the new image
   */
  public record UpgradeRequest(@Nullable String image) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Server server;
  private final byte[] token;
  private final NodeAgent agent;
  private final Runnable onDown;

  /**
   * Starts the API.
   *
   * @param bind the address
   * @param port the port (0 for a free one)
   * @param agent the agent it serves
   * @param registry what {@code /metrics} exports
   * @param token the bearer token
   * @param onDown called after {@code POST /api/v1/node/down} removed the containers
   */
  public AgentApi(String bind, int port, NodeAgent agent, PrometheusMeterRegistry registry,
      String token, Runnable onDown) {
    this.agent = requireNonNull(agent, "agent");
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.onDown = onDown;
    ServerBuilder sb = Server.builder();
    try {
      sb.http(new InetSocketAddress(InetAddress.getByName(bind), port));
    } catch (java.net.UnknownHostException e) {
      throw new DescriptionException("agent.bind: '" + bind + "' (expected: an IP address)");
    }
    sb.gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
        // An upgrade waits for the new container's health: up to the start grace.
        .requestTimeout(Duration.ofMinutes(15))
        .meterRegistry(registry);
    sb.service("/metrics", (ctx, req) ->
        HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape()));
    sb.service("/health", (ctx, req) -> json(HttpStatus.OK, Map.of("status", "UP")));
    route(sb, HttpMethod.GET, "/api/v1/node", (ctx, req) -> agent.status());
    route(sb, HttpMethod.POST, "/api/v1/node/roles/{role}/restart",
        (ctx, req) -> agent.restart(role(ctx.pathParam("role"))));
    route(sb, HttpMethod.POST, "/api/v1/node/roles/{role}/upgrade", (ctx, req) -> {
      UpgradeRequest u;
      try {
        u = json.readValue(req.contentUtf8(), UpgradeRequest.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("upgrade: body is not {\"image\": \"...\"} ("
            + e.getOriginalMessage() + ")");
      }
      String image = u.image();
      if (image == null || image.isBlank()) {
        throw new IllegalArgumentException("upgrade: image missing (expected: {\"image\":"
            + " \"localhost/estuary-<role>:<tag>\"})");
      }
      return agent.upgrade(role(ctx.pathParam("role")), image);
    });
    route(sb, HttpMethod.POST, "/api/v1/node/down", (ctx, req) -> {
      Map<String, Object> removed = Map.of("removed", agent.down());
      // The agent ends (and this server with it) once the answer has gone out, not before.
      ctx.log().whenComplete().thenRun(onDown);
      return removed;
    });
    server = sb.build();
    try {
      server.start().join();
    } catch (CompletionException e) {
      throw new DescriptionException("agent.port: cannot listen on " + bind + ":" + port + " ("
          + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
          + "; expected: a free port)");
    }
  }

  /**
   * Returns the port it listens on.
   *
   * @return the port
   */
  public int port() {
    return server.activeLocalPort();
  }

  static Role role(String id) {
    Role r = id.equals("engine") ? Role.ENGINE : Role.frontend(id);
    if (r == null) {
      throw new IllegalArgumentException("role '" + id + "': unknown (expected: engine, s3,"
          + " dataset, smb or nfs)");
    }
    return r;
  }

  private void route(ServerBuilder sb, HttpMethod method, String path, Handler h) {
    sb.route().path(path).methods(method).build((ctx, req) -> {
      if (!authorised(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
        return json(HttpStatus.UNAUTHORIZED, Map.of("error", "node agent API: missing or bad bearer"
            + " token (expected: the token in <stateDirectory>/agent.json)"));
      }
      return HttpResponse.of(req.aggregate().thenApplyAsync(agg -> {
        try {
          Object result = h.handle(ctx, agg);
          return result == null ? HttpResponse.of(HttpStatus.NO_CONTENT)
              : json(HttpStatus.OK, result);
        } catch (IllegalArgumentException e) {
          return json(HttpStatus.BAD_REQUEST, Map.of("error", String.valueOf(e.getMessage())));
        } catch (IllegalStateException | PodmanException e) {
          return json(HttpStatus.CONFLICT, Map.of("error", String.valueOf(e.getMessage())));
        }
      }, ctx.blockingTaskExecutor()));
    });
  }

  private boolean authorised(@Nullable String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(token, header.substring(7).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse json(HttpStatus status, Object body) {
    try {
      return HttpResponse.of(status, MediaType.JSON_UTF_8, json.writeValueAsBytes(body));
    } catch (java.io.IOException e) {
      return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
    }
  }

  @Override
  public void close() {
    server.stop().join();
  }
}

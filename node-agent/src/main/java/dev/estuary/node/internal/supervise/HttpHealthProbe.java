package dev.estuary.node.internal.supervise;

import dev.estuary.node.internal.description.NodeDescription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET http://127.0.0.1:<adminPort>/health}: 2xx is healthy. The admin port is published on
 * the host's loopback by the container plan; a 503 from Estuary's {@code /health} means a component
 * is down (for a frontend, for instance, its backend connection).
 */
public final class HttpHealthProbe implements HealthProbe {
  private final HttpClient client;
  private final Duration timeout;

  /**
   * Creates the probe.
   *
   * @param timeout the longest wait for connect plus answer
   */
  public HttpHealthProbe(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout)
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public @Nullable String check(NodeDescription.RoleSpec role) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.adminPort()
        + "/health")).timeout(timeout).GET().build();
    try {
      HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
      return resp.statusCode() / 100 == 2 ? null : "/health answered " + resp.statusCode();
    } catch (IOException e) {
      return "/health: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "/health: interrupted";
    }
  }
}

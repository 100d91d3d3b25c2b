package dev.estuary.node.internal.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.node.internal.supervise.NodeStatus;
import dev.estuary.node.internal.supervise.RoleStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The CLI's client of a running agent's API. */
public final class AgentClient {
  private final AgentFile file;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * Creates a client.
   *
   * @param file the agent's file
   */
  public AgentClient(AgentFile file) {
    this.file = file;
  }

  /**
   * Tells whether the agent answers.
   *
   * @return false when nothing listens at its address (a stale agent.json)
   */
  public boolean alive() {
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(file.url() + "/health"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Returns the node's status.
   *
   * @return the status
   */
  public NodeStatus status() {
    return read(call("GET", "/api/v1/node", null), NodeStatus.class);
  }

  /**
   * Asks the agent to restart a role.
   *
   * @param role the role
   * @return the role's status
   */
  public RoleStatus restart(String role) {
    return read(call("POST", "/api/v1/node/roles/" + role + "/restart", null), RoleStatus.class);
  }

  /**
   * Asks the agent to upgrade a role.
   *
   * @param role the role
   * @param image the new image
   * @return the role's status
   */
  public RoleStatus upgrade(String role, String image) {
    return read(call("POST", "/api/v1/node/roles/" + role + "/upgrade", Map.of("image", image)),
        RoleStatus.class);
  }

  /**
   * Asks the agent to remove the node's containers and end.
   *
   * @return the response (the removed containers)
   */
  public JsonNode down() {
    return read(call("POST", "/api/v1/node/down", null), JsonNode.class);
  }

  private byte[] call(String method, String path, @Nullable Object body) {
    try {
      HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
      HttpRequest req = HttpRequest.newBuilder(URI.create(file.url() + path))
          .header("Authorization", "Bearer " + file.token())
          .header("Content-Type", "application/json")
          .timeout(Duration.ofMinutes(15)).method(method, pub).build();
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() / 100 != 2) {
        String message = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        try {
          JsonNode n = json.readTree(r.body());
          if (n.hasNonNull("error")) {
            message = n.get("error").asText();
          }
        } catch (IOException e) {
          // not JSON: the raw text is the message
        }
        throw new IllegalStateException(message);
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException("node agent at " + file.url() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private <T> T read(byte[] body, Class<T> type) {
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw new IllegalStateException("node agent: malformed answer (" + e.getMessage() + ")", e);
    }
  }
}

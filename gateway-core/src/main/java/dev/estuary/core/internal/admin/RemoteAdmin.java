package dev.estuary.core.internal.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.admin.AdminViews.AddUser;
import dev.estuary.core.internal.admin.AdminViews.AddedUser;
import dev.estuary.core.internal.admin.AdminViews.CreateVolume;
import dev.estuary.core.internal.admin.AdminViews.Grant;
import dev.estuary.core.internal.admin.AdminViews.KeysView;
import dev.estuary.core.internal.admin.AdminViews.StatusView;
import dev.estuary.core.internal.admin.AdminViews.TokenView;
import dev.estuary.core.internal.admin.AdminViews.UserView;
import dev.estuary.core.internal.admin.AdminViews.VolumeView;
import dev.estuary.core.internal.server.DataDirectory;
import dev.estuary.core.internal.server.RunFile;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Admin operations over a running server's admin API ({@code /api/v1}), with its bearer token. */
public final class RemoteAdmin implements AdminOperations {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;
  private final String base;
  private final String token;

  /**
   * Creates a client of a plain HTTP admin port.
   *
   * @param host the admin address
   * @param port the admin port
   * @param token the admin API token
   */
  public RemoteAdmin(String host, int port, String token) {
    this(host, port, token, "");
  }

  /**
   * Creates a client.
   *
   * @param host the admin address
   * @param port the admin port
   * @param token the admin API token
   * @param tlsFingerprint the SHA-256 fingerprint of the admin port's certificate for HTTPS (the
   *     one certificate trusted), or empty for plain HTTP
   */
  public RemoteAdmin(String host, int port, String token, String tlsFingerprint) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
    if (!tlsFingerprint.isEmpty()) {
      b.sslContext(PinnedCertificate.context(tlsFingerprint));
    }
    this.http = b.build();
    String h = host.contains(":") ? "[" + host + "]" : host;
    // A server bound to the wildcard address is reached on loopback.
    if (h.equals("0.0.0.0")) {
      h = "127.0.0.1";
    } else if (h.equals("[::]")) {
      h = "[::1]";
    }
    this.base = (tlsFingerprint.isEmpty() ? "http://" : "https://") + h + ":" + port + "/api/v1";
    this.token = token;
  }

  /**
   * Connects to the server running on a data directory, if any: {@code run/admin.json} exists and
   * its port answers with its token.
   *
   * @param data the data directory
   * @return the client, or empty when no server answers
   */
  public static Optional<RemoteAdmin> connect(DataDirectory data) {
    Optional<RunFile> run = RunFile.read(data);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    RemoteAdmin admin = new RemoteAdmin(run.get().host(), run.get().port(), run.get().token(),
        run.get().tlsFingerprint());
    try {
      admin.status();
      return Optional.of(admin);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<VolumeView> listVolumes() {
    return call("GET", "/volumes", null, new TypeReference<List<VolumeView>>() {});
  }

  @Override
  public VolumeView createVolume(CreateVolume request) {
    return call("POST", "/volumes", request, new TypeReference<VolumeView>() {});
  }

  @Override
  public void deleteVolume(String name, boolean force) {
    call("DELETE", "/volumes/" + enc(name) + "?force=" + force, null, null);
  }

  @Override
  public VolumeView showVolume(String name) {
    return call("GET", "/volumes/" + enc(name), null, new TypeReference<VolumeView>() {});
  }

  @Override
  public VolumeView exportVolume(String name, AdminViews.SetExport rule) {
    return call("POST", "/volumes/" + enc(name) + "/exports", rule,
        new TypeReference<VolumeView>() {});
  }

  @Override
  public VolumeView unexportVolume(String name, @Nullable String clients) {
    return call("DELETE", "/volumes/" + enc(name) + "/exports"
        + (clients == null ? "" : "?clients=" + enc(clients)), null,
        new TypeReference<VolumeView>() {});
  }

  @Override
  public List<AdminViews.GroupView> listGroups() {
    return call("GET", "/groups", null, new TypeReference<List<AdminViews.GroupView>>() {});
  }

  @Override
  public AdminViews.GroupView addGroup(AdminViews.AddGroup request) {
    return call("POST", "/groups", request, new TypeReference<AdminViews.GroupView>() {});
  }

  @Override
  public void deleteGroup(String name) {
    call("DELETE", "/groups/" + enc(name), null, null);
  }

  @Override
  public void setMember(String group, String user, boolean member) {
    call(member ? "PUT" : "DELETE", "/groups/" + enc(group) + "/members/" + enc(user), null, null);
  }

  @Override
  public List<UserView> listUsers() {
    return call("GET", "/users", null, new TypeReference<List<UserView>>() {});
  }

  @Override
  public AddedUser addUser(AddUser request) {
    return call("POST", "/users", request, new TypeReference<AddedUser>() {});
  }

  @Override
  public void deleteUser(String name) {
    call("DELETE", "/users/" + enc(name), null, null);
  }

  @Override
  public void setPassword(String name, String password) {
    call("PUT", "/users/" + enc(name) + "/password", new AdminViews.Password(password), null);
  }

  @Override
  public KeysView keys(String name) {
    return call("GET", "/users/" + enc(name) + "/keys", null, new TypeReference<KeysView>() {});
  }

  @Override
  public KeysView rotateKeys(String name) {
    return call("POST", "/users/" + enc(name) + "/keys", null, new TypeReference<KeysView>() {});
  }

  @Override
  public AdminViews.SseKeysView sseKeys() {
    return call("GET", "/sse/keys", null, new TypeReference<AdminViews.SseKeysView>() {});
  }

  @Override
  public AdminViews.SseKeysView rotateSseKey() {
    return call("POST", "/sse/keys", null, new TypeReference<AdminViews.SseKeysView>() {});
  }

  @Override
  public TokenView createToken(String name, String description) {
    return call("POST", "/users/" + enc(name) + "/tokens", new AdminViews.NewToken(description),
        new TypeReference<TokenView>() {});
  }

  @Override
  public void revokeToken(String name, String tokenId) {
    call("DELETE", "/users/" + enc(name) + "/tokens/" + enc(tokenId), null, null);
  }

  @Override
  public void grant(String name, Grant grant) {
    call("POST", "/users/" + enc(name) + "/grants", grant, null);
  }

  @Override
  public void createBuckets(String name, AdminViews.CreateBuckets right) {
    call("PUT", "/users/" + enc(name) + "/create-buckets", right, null);
  }

  @Override
  public StatusView status() {
    return call("GET", "/status", null, new TypeReference<StatusView>() {});
  }

  @Override
  public void close() {
    http.close();
  }

  private <T> T call(String method, String path, @Nullable Object body,
      @Nullable TypeReference<T> type) {
    HttpResponse<byte[]> resp;
    try {
      HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
          .method(method, pub)
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .timeout(Duration.ofMinutes(10))
          .build();
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new GatewayException("admin API: " + base + " does not answer (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException("admin API: interrupted", e);
    }
    if (resp.statusCode() / 100 != 2) {
      throw failure(resp);
    }
    if (type == null) {
      return null;
    }
    try {
      JavaType t = json.getTypeFactory().constructType(type);
      return json.readValue(resp.body(), t);
    } catch (IOException e) {
      throw new GatewayException("admin API: unreadable answer to " + method + " " + path, e);
    }
  }

  private RuntimeException failure(HttpResponse<byte[]> resp) {
    String message = "admin API: HTTP " + resp.statusCode();
    String kind = "";
    try {
      JsonNode n = json.readTree(resp.body());
      message = n.path("error").asText(message);
      kind = n.path("kind").asText("");
    } catch (IOException | RuntimeException ignored) {
      // keep the status line
    }
    if (resp.statusCode() == 401) {
      return new GatewayException(message);
    }
    for (ErrorKind k : ErrorKind.values()) {
      if (k.name().equals(kind)) {
        return new DfsException(k, message);
      }
    }
    return kind.equals("INVALID_ARGUMENT") || resp.statusCode() == 400
        ? new IllegalArgumentException(message) : new GatewayException(message);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "RemoteAdmin[" + base + "]";
  }

}

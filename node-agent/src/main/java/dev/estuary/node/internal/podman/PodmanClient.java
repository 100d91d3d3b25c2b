package dev.estuary.node.internal.podman;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The libpod calls the node agent makes (Podman 4.3 REST API, {@code /v4.0.0/libpod/...}; see
 * docs.podman.io/en/v4.3/_static/api.html and shared/notes/appliance.md §2). Every failure becomes a
 * {@link PodmanException} naming the call, the object and Podman's {@code message}.
 */
public final class PodmanClient {
  private static final String API = "/v4.0.0/libpod";
  /** Longest JSON body the agent reads from Podman (a list of a node's containers is a few KiB). */
  private static final int MAX_BODY = 16 * 1024 * 1024;

  private final UnixHttp http;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * Creates a client.
   *
   * @param socket Podman's API socket
   * @param timeout the longest wait for a response (stop adds its own timeout to it)
   */
  public PodmanClient(Path socket, Duration timeout) {
    this.http = new UnixHttp(socket);
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /**
   * Returns the socket.
   *
   * @return the socket path
   */
  public Path socket() {
    return http.socket();
  }

  /**
   * Checks that the socket exists and Podman answers on it.
   *
   * @throws PodmanException naming the socket and what is wrong
   */
  public void ping() {
    Path s = http.socket();
    if (!Files.exists(s)) {
      throw new PodmanException("podman socket " + s + ": not found (expected: the socket of a"
          + " running `podman system service`, see podmanSocket in the node description)", 0, null);
    }
    call("ping", s.toString(), "GET", API + "/_ping", null, 200);
  }

  /**
   * Tells whether an image is in Podman's store.
   *
   * @param reference the image reference
   * @return true if it exists
   */
  public boolean imageExists(String reference) {
    Result r = call("image exists", reference, "GET", API + "/images/" + path(reference) + "/exists",
        null, 204, 404);
    return r.status == 204;
  }

  /**
   * Returns the user an image's processes run as.
   *
   * @param reference the image reference
   * @return its {@code Config.User} ({@code uid[:gid]} or a name), empty for root
   */
  public String imageUser(String reference) {
    Result r = call("image inspect", reference, "GET", API + "/images/" + path(reference)
        + "/json", null, 200);
    return r.json(json).path("Config").path("User").asText("");
  }

  /**
   * Creates a container.
   *
   * @param spec the specification
   * @return the new container's id
   */
  public String create(SpecGenerator spec) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(spec);
    } catch (IOException e) {
      throw new PodmanException("podman create container " + spec.name() + ": " + e.getMessage(), 0,
          e);
    }
    Result r = call("create container", spec.name(), "POST", API + "/containers/create", body, 201);
    return r.json(json).path("Id").asText();
  }

  /**
   * Starts a container; starting one that runs already is not an error.
   *
   * @param name the container name or id
   */
  public void start(String name) {
    call("start container", name, "POST", API + "/containers/" + path(name) + "/start", null, 204,
        304);
  }

  /**
   * Stops a container: SIGTERM, then SIGKILL after the timeout; stopping a stopped one is not an
   * error.
   *
   * @param name the container name or id
   * @param timeoutSeconds seconds before SIGKILL
   */
  public void stop(String name, long timeoutSeconds) {
    call("stop container", name, "POST", API + "/containers/" + path(name) + "/stop?timeout="
        + timeoutSeconds, null, Duration.ofSeconds(timeoutSeconds).plus(timeout), 204, 304);
  }

  /**
   * Removes a container, stopping it first if it runs.
   *
   * @param name the container name or id
   * @return false if there was no such container
   */
  public boolean remove(String name) {
    Result r = call("remove container", name, "DELETE", API + "/containers/" + path(name)
        + "?force=true&depend=false", null, 200, 204, 404);
    return r.status != 404;
  }

  /**
   * Renames a container.
   *
   * @param name the container name or id
   * @param newName its new name
   */
  public void rename(String name, String newName) {
    call("rename container", name, "POST", API + "/containers/" + path(name) + "/rename?name="
        + query(newName), null, 204);
  }

  /**
   * Inspects a container.
   *
   * @param name the container name or id
   * @return what Podman knows about it, or null if it does not exist
   */
  public @Nullable ContainerInspect inspect(String name) {
    Result r = call("inspect container", name, "GET", API + "/containers/" + path(name) + "/json",
        null, 200, 404);
    if (r.status == 404) {
      return null;
    }
    return r.read(json, new TypeReference<ContainerInspect>() {});
  }

  /**
   * Lists the containers, running or not, that carry a label.
   *
   * @param label {@code key=value}
   * @return the containers
   */
  public List<ContainerView> list(String label) {
    String filters = "{\"label\":[" + quote(label) + "]}";
    Result r = call("list containers", label, "GET", API + "/containers/json?all=true&filters="
        + query(filters), null, 200);
    return r.read(json, new TypeReference<List<ContainerView>>() {});
  }

  /**
   * Returns the last lines of a container's output (stdout and stderr).
   *
   * @param name the container name or id
   * @param lines how many lines
   * @return the text
   */
  public String logs(String name, int lines) {
    Result r = call("logs of container", name, "GET", API + "/containers/" + path(name)
        + "/logs?stdout=true&stderr=true&tail=" + lines, null, 200);
    return LogFrames.text(r.body);
  }

  /**
   * Opens Podman's event stream, filtered by a label; events arrive as they happen.
   *
   * @param label {@code key=value}
   * @return the open stream; close it (from any thread) to end it
   */
  public EventStream events(String label) {
    String filters = "{\"label\":[" + quote(label) + "],\"type\":[\"container\"]}";
    String target = API + "/events?stream=true&filters=" + query(filters);
    try {
      UnixHttp.Response resp = http.send("GET", target, null, null, Duration.ZERO);
      if (resp.status() != 200) {
        byte[] body = resp.readAll(MAX_BODY);
        resp.close();
        throw failure("events", label, resp.status(), body);
      }
      return new EventStream(resp, json);
    } catch (IOException e) {
      throw unreachable("events", label, e);
    }
  }

  /** An open event stream. */
  public static final class EventStream implements Closeable {
    private final UnixHttp.Response resp;
    private final BufferedReader lines;
    private final ObjectMapper json;

    EventStream(UnixHttp.Response resp, ObjectMapper json) {
      this.resp = resp;
      this.lines = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8));
      this.json = json;
    }

    /**
     * Waits for the next event.
     *
     * @return the event, or null when the stream ended (closed, or Podman stopped)
     * @throws IOException on a read error or a malformed event
     */
    public @Nullable PodmanEvent next() throws IOException {
      while (true) {
        String line = lines.readLine();
        if (line == null) {
          return null;
        }
        if (line.length() > MAX_BODY) {
          throw new IOException("podman event: more than " + MAX_BODY + " characters");
        }
        if (!line.isBlank()) {
          return json.readValue(line, PodmanEvent.class);
        }
      }
    }

    @Override
    public void close() throws IOException {
      resp.close();
    }
  }

  private record Result(int status, byte[] body) {
    JsonNode json(ObjectMapper m) {
      try {
        return m.readTree(body);
      } catch (IOException e) {
        throw new PodmanException("podman: malformed JSON response (" + e.getMessage() + ")", status,
            e);
      }
    }

    <T> T read(ObjectMapper m, TypeReference<T> type) {
      try {
        return m.readValue(body, type);
      } catch (IOException e) {
        throw new PodmanException("podman: malformed JSON response (" + e.getMessage() + ")", status,
            e);
      }
    }
  }

  private Result call(String what, String object, String method, String target,
      byte @Nullable [] body, int... ok) {
    return call(what, object, method, target, body, timeout, ok);
  }

  private Result call(String what, String object, String method, String target,
      byte @Nullable [] body, Duration wait, int... ok) {
    try (UnixHttp.Response resp = http.send(method, target, body == null ? null
        : "application/json", body, wait)) {
      byte[] data = resp.readAll(MAX_BODY);
      for (int s : ok) {
        if (resp.status() == s) {
          return new Result(s, data);
        }
      }
      throw failure(what, object, resp.status(), data);
    } catch (IOException e) {
      throw unreachable(what, object, e);
    }
  }

  private PodmanException failure(String what, String object, int status, byte[] body) {
    String message;
    try {
      JsonNode n = json.readTree(body);
      message = n.hasNonNull("message") ? n.get("message").asText()
          : new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      message = new String(body, StandardCharsets.UTF_8);
    }
    return new PodmanException("podman " + what + " " + object + ": " + message.strip()
        + " (HTTP " + status + ")", status, null);
  }

  private PodmanException unreachable(String what, String object, IOException e) {
    return new PodmanException("podman " + what + " " + object + ": " + e.getMessage()
        + " (socket " + http.socket() + "; expected: a running `podman system service` on it)", 0,
        e);
  }

  private static String path(String segment) {
    // Image references contain '/' and ':', which libpod's router takes in the path as they are.
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("%2F", "/")
        .replace("%3A", ":").replace("+", "%20");
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }


  /** The container log stream: 8-byte frame headers (stream, 3 zero bytes, big-endian length). */
  static final class LogFrames {
    private LogFrames() {}

    static String text(byte[] raw) {
      StringBuilder sb = new StringBuilder();
      int i = 0;
      while (i + 8 <= raw.length && raw[i] <= 2 && raw[i + 1] == 0 && raw[i + 2] == 0
          && raw[i + 3] == 0) {
        int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16)
            | ((raw[i + 6] & 0xff) << 8) | (raw[i + 7] & 0xff);
        int end = Math.min(raw.length, i + 8 + len);
        sb.append(new String(raw, i + 8, end - (i + 8), StandardCharsets.UTF_8));
        i = end;
      }
      if (i < raw.length) {
        sb.append(new String(raw, i, raw.length - i, StandardCharsets.UTF_8));
      }
      return sb.toString();
    }
  }
}

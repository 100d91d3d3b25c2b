package dev.estuary.node.internal.description;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates a node description (YAML). Everything that needs no Podman is checked here:
 * unknown fields, unknown frontends, names, paths, ports (including two roles on one port),
 * durations, CPU and memory. The checks that ask Podman or the host (images, sockets, ports in use)
 * are {@code Preflight}'s.
 *
 * <pre>
 * name: n1
 * dataDirectory: /srv/estuary
 * stateDirectory: /srv/estuary-node       # default: &lt;dataDirectory&gt;-node
 * podmanSocket: /run/podman/podman.sock   # the default
 * bindAddress: 0.0.0.0                    # service ports; admin ports go to 127.0.0.1
 * agent: {bind: 127.0.0.1, port: 9470}
 * supervision: {probeInterval: 2s, backoffInitial: 1s, backoffMax: 60s, reconnectGrace: 30s}
 * engine: {image: localhost/estuary-engine:0.1.0, cpus: 2, memory: 4g}
 * frontends:
 *   s3: {image: localhost/estuary-s3:0.1.0, port: 9000, adminPort: 9181, memory: 1g}
 *   dataset: {image: localhost/estuary-dataset:0.1.0}
 * </pre>
 */
public final class DescriptionParser {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
  private static final Pattern MEMORY = Pattern.compile("(\\d{1,15})([kmgt]i?b?|b)?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** The agent's own admin port, and the first of the roles' admin ports. */
  static final int AGENT_PORT = 9470;
  static final int FIRST_ADMIN_PORT = 9180;

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** Creates a parser. */
  public DescriptionParser() {}

  /** The file as written: every field optional here, checked by {@link #validate}. */
  record RawNode(@JsonProperty("name") @Nullable String name,
      @JsonProperty("dataDirectory") @Nullable String dataDirectory,
      @JsonProperty("stateDirectory") @Nullable String stateDirectory,
      @JsonProperty("podmanSocket") @Nullable String podmanSocket,
      @JsonProperty("bindAddress") @Nullable String bindAddress,
      @JsonProperty("agent") @Nullable RawAgent agent,
      @JsonProperty("supervision") @Nullable RawSupervision supervision,
      @JsonProperty("engine") @Nullable RawRole engine,
      @JsonProperty("frontends") @Nullable Map<String, RawRole> frontends) {}

  record RawAgent(@JsonProperty("bind") @Nullable String bind,
      @JsonProperty("port") @Nullable Integer port) {}

  record RawSupervision(@JsonProperty("probeInterval") @Nullable String probeInterval,
      @JsonProperty("probeTimeout") @Nullable String probeTimeout,
      @JsonProperty("unhealthyAfter") @Nullable Integer unhealthyAfter,
      @JsonProperty("startGrace") @Nullable String startGrace,
      @JsonProperty("backoffInitial") @Nullable String backoffInitial,
      @JsonProperty("backoffMax") @Nullable String backoffMax,
      @JsonProperty("backoffReset") @Nullable String backoffReset,
      @JsonProperty("stopTimeout") @Nullable String stopTimeout,
      @JsonProperty("reconnectGrace") @Nullable String reconnectGrace) {}

  record RawRole(@JsonProperty("image") @Nullable String image,
      @JsonProperty("port") @Nullable Integer port,
      @JsonProperty("adminPort") @Nullable Integer adminPort,
      @JsonProperty("cpus") @Nullable Double cpus,
      @JsonProperty("memory") @Nullable String memory,
      @JsonProperty("env") @Nullable Map<String, String> env,
      @JsonProperty("args") @Nullable List<String> args,
      @JsonProperty("command") @Nullable List<String> command,
      @JsonProperty("mounts") @Nullable Map<String, String> mounts) {}

  /**
   * Reads a description file.
   *
   * @param file the YAML file
   * @return the validated description
   * @throws DescriptionException naming the file, the field and what was expected
   */
  public NodeDescription read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new DescriptionException("node description " + file + ": no such file");
    } catch (IOException e) {
      throw new DescriptionException("node description " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /**
   * Parses and validates a description.
   *
   * @param text the YAML text
   * @param source where it came from, for messages
   * @return the validated description
   * @throws DescriptionException naming the source, the field and what was expected
   */
  public NodeDescription parse(String text, String source) {
    if (text.isBlank()) {
      throw new DescriptionException("node description " + source + ": empty (expected: name,"
          + " dataDirectory, engine and frontends)");
    }
    RawNode raw;
    try {
      raw = yaml.readValue(text, RawNode.class);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw new DescriptionException("node description " + source + ": unknown field '"
          + path(e) + "' (expected one of: " + known + ")");
    } catch (JsonMappingException e) {
      String field = path(e);
      throw new DescriptionException("node description " + source + ": "
          + (field.isEmpty() ? "" : field + ": ")
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (JsonProcessingException e) {
      throw new DescriptionException("node description " + source + ": not YAML ("
          + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    }
    if (raw == null) {
      throw new DescriptionException("node description " + source + ": empty (expected: name,"
          + " dataDirectory, engine and frontends)");
    }
    try {
      return validate(raw);
    } catch (DescriptionException e) {
      throw new DescriptionException("node description " + source + ": " + e.getMessage());
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private NodeDescription validate(RawNode raw) {
    String name = required(raw.name(), "name", "a node name such as n1");
    if (!NAME.matcher(name).matches()) {
      throw new DescriptionException("name: '" + name + "' (expected: 1 to 31 of a-z, 0-9 and '-',"
          + " starting with a letter or digit)");
    }
    Path data = absolute(required(raw.dataDirectory(), "dataDirectory", "an absolute path"),
        "dataDirectory");
    Path state = raw.stateDirectory() == null
        ? data.resolveSibling(data.getFileName() + "-node")
        : absolute(raw.stateDirectory(), "stateDirectory");
    if (state.startsWith(data) || data.startsWith(state)) {
      // The engine's bind mount must not expose the agent's token, nor the frontends' directories.
      throw new DescriptionException("stateDirectory: " + state + " (expected: outside"
          + " dataDirectory " + data + ", and not containing it)");
    }
    Path socket = absolute(raw.podmanSocket() == null ? "/run/podman/podman.sock"
        : raw.podmanSocket(), "podmanSocket");
    String bind = address(raw.bindAddress() == null ? "0.0.0.0" : raw.bindAddress(),
        "bindAddress");
    RawAgent agent = raw.agent() == null ? new RawAgent(null, null) : raw.agent();
    String agentBind = address(agent.bind() == null ? "127.0.0.1" : agent.bind(), "agent.bind");
    int agentPort = port(agent.port() == null ? AGENT_PORT : agent.port(), "agent.port");
    NodeDescription.Supervision sup = supervision(raw.supervision());

    if (raw.engine() == null) {
      throw new DescriptionException("engine: missing (expected: engine: {image: ...}; the engine"
          + " owns the data directory)");
    }
    List<NodeDescription.RoleSpec> roles = new ArrayList<>();
    roles.add(role(Role.ENGINE, raw.engine(), "engine"));
    Map<String, RawRole> frontends = raw.frontends() == null ? Map.of() : raw.frontends();
    for (Map.Entry<String, RawRole> e : frontends.entrySet()) {
      Role r = Role.frontend(e.getKey());
      if (r == null) {
        throw new DescriptionException("frontends: unknown frontend '" + e.getKey()
            + "' (expected: s3, dataset, smb or nfs)");
      }
      if (e.getValue() == null) {
        throw new DescriptionException("frontends." + e.getKey() + ": empty (expected: {image:"
            + " ...})");
      }
      roles.add(role(r, e.getValue(), "frontends." + e.getKey()));
    }
    roles.sort(java.util.Comparator.comparing(NodeDescription.RoleSpec::role));

    // Two roles on one port would make Podman fail half-way through `up`: refuse it first.
    Map<Integer, String> ports = new LinkedHashMap<>();
    claim(ports, agentPort, "agent.port");
    for (NodeDescription.RoleSpec r : roles) {
      String field = r.role() == Role.ENGINE ? "engine" : "frontends." + r.role().id();
      if (r.port() != 0) {
        claim(ports, r.port(), field + ".port");
      }
      claim(ports, r.adminPort(), field + ".adminPort");
    }
    return new NodeDescription(name, data, state, socket, bind, agentBind, agentPort, sup, roles);
  }

  private static void claim(Map<Integer, String> ports, int port, String field) {
    String other = ports.putIfAbsent(port, field);
    if (other != null) {
      throw new DescriptionException("port " + port + ": both " + other + " and " + field
          + " (expected: one role per port)");
    }
  }

  private NodeDescription.RoleSpec role(Role role, RawRole raw, String field) {
    String image = required(raw.image(), field + ".image", "an image reference such as"
        + " localhost/estuary-" + role.id() + ":<tag>");
    if (image.isBlank() || image.chars().anyMatch(c -> c <= ' ')) {
      throw new DescriptionException(field + ".image: '" + image + "' (expected: an image"
          + " reference without spaces)");
    }
    int port = 0;
    if (role == Role.ENGINE) {
      if (raw.port() != null) {
        throw new DescriptionException("engine.port: " + raw.port() + " (expected: none; the engine"
            + " serves the frontends on a unix socket)");
      }
    } else {
      port = port(raw.port() == null ? role.defaultPort() : raw.port(), field + ".port");
    }
    int adminPort = port(raw.adminPort() == null ? FIRST_ADMIN_PORT + role.ordinal()
        : raw.adminPort(), field + ".adminPort");
    double cpus = raw.cpus() == null ? 0 : raw.cpus();
    if (!(cpus >= 0 && cpus <= 1024) || (cpus > 0 && cpus < 0.01)) {
      throw new DescriptionException(field + ".cpus: " + cpus + " (expected: 0.01 to 1024, or 0"
          + " for no limit)");
    }
    long memory = raw.memory() == null ? 0 : memory(raw.memory(), field + ".memory");
    Map<String, String> env = raw.env() == null ? Map.of() : raw.env();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches() || e.getValue() == null) {
        throw new DescriptionException(field + ".env." + e.getKey() + ": (expected: a variable"
            + " name of A-Z, a-z, 0-9 and '_' with a string value)");
      }
    }
    List<String> args = raw.args() == null ? List.of() : raw.args();
    if (args.stream().anyMatch(java.util.Objects::isNull)) {
      throw new DescriptionException(field + ".args: a null entry (expected: strings)");
    }
    List<String> command = raw.command();
    if (command != null
        && (command.isEmpty() || command.stream().anyMatch(java.util.Objects::isNull))) {
      throw new DescriptionException(field + ".command: " + command + " (expected: a non-empty"
          + " list of strings)");
    }
    if (command != null && !args.isEmpty()) {
      throw new DescriptionException(field + ".args: given with command (expected: one of them;"
          + " command replaces the generated arguments, args adds to them)");
    }
    Map<String, String> mounts = raw.mounts() == null ? Map.of() : raw.mounts();
    for (Map.Entry<String, String> m : mounts.entrySet()) {
      absolute(m.getKey(), field + ".mounts (host path)");
      if (m.getValue() == null) {
        throw new DescriptionException(field + ".mounts." + m.getKey() + ": null (expected: an"
            + " absolute container path)");
      }
      absolute(m.getValue(), field + ".mounts." + m.getKey());
    }
    return new NodeDescription.RoleSpec(role, image, port, adminPort, cpus, memory, env, args,
        command, mounts);
  }

  private static NodeDescription.Supervision supervision(@Nullable RawSupervision raw) {
    RawSupervision s = raw == null
        ? new RawSupervision(null, null, null, null, null, null, null, null, null) : raw;
    int unhealthyAfter = s.unhealthyAfter() == null ? 3 : s.unhealthyAfter();
    if (unhealthyAfter < 1 || unhealthyAfter > 100) {
      throw new DescriptionException("supervision.unhealthyAfter: " + unhealthyAfter
          + " (expected: 1 to 100)");
    }
    Duration initial = duration(s.backoffInitial(), "1s", "supervision.backoffInitial");
    Duration max = duration(s.backoffMax(), "60s", "supervision.backoffMax");
    if (max.compareTo(initial) < 0) {
      throw new DescriptionException("supervision.backoffMax: " + max + " (expected: at least"
          + " backoffInitial " + initial + ")");
    }
    Duration interval = duration(s.probeInterval(), "2s", "supervision.probeInterval");
    Duration timeout = duration(s.probeTimeout(), "1s", "supervision.probeTimeout");
    if (interval.isZero() || timeout.isZero()) {
      throw new DescriptionException("supervision.probeInterval, probeTimeout: " + interval + ", "
          + timeout + " (expected: more than 0)");
    }
    return new NodeDescription.Supervision(interval, timeout, unhealthyAfter,
        duration(s.startGrace(), "60s", "supervision.startGrace"), initial, max,
        duration(s.backoffReset(), "120s", "supervision.backoffReset"),
        duration(s.stopTimeout(), "10s", "supervision.stopTimeout"),
        duration(s.reconnectGrace(), "30s", "supervision.reconnectGrace"));
  }

  static Duration duration(@Nullable String value, String dflt, String field) {
    String v = value == null ? dflt : value.trim();
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      throw new DescriptionException(field + ": '" + v + "' (expected: a number with ms, s, m or"
          + " h, such as 2s)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  static long memory(String value, String field) {
    Matcher m = MEMORY.matcher(value.trim());
    if (!m.matches()) {
      throw new DescriptionException(field + ": '" + value + "' (expected: bytes, or a number with"
          + " k, m, g or t, such as 512m)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    // Podman and the kernel refuse a memory limit under 6 MiB; say so here rather than half-way.
    long bytes = n << shift;
    if ((bytes >> shift) != n || bytes < 6L * 1024 * 1024) {
      throw new DescriptionException(field + ": '" + value + "' (expected: at least 6m and at most"
          + " 8191t)");
    }
    return bytes;
  }

  private static String required(@Nullable String value, String field, String expected) {
    if (value == null || value.isBlank()) {
      throw new DescriptionException(field + ": missing (expected: " + expected + ")");
    }
    return value;
  }

  private static Path absolute(String value, String field) {
    Path p;
    try {
      p = Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new DescriptionException(field + ": '" + value + "' (expected: a path)");
    }
    if (!p.isAbsolute()) {
      throw new DescriptionException(field + ": '" + value + "' (expected: an absolute path)");
    }
    return p.normalize();
  }

  private static String address(String value, String field) {
    // A literal address only: a host name would make the check "port in use" ask DNS.
    if (!value.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new DescriptionException(field + ": '" + value + "' (expected: an IP address such as"
          + " 0.0.0.0 or 127.0.0.1)");
    }
    try {
      return java.net.InetAddress.getByName(value).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new DescriptionException(field + ": '" + value + "' (expected: an IP address)");
    }
  }

  private static int port(int value, String field) {
    if (value < 1 || value > 65535) {
      throw new DescriptionException(field + ": " + value + " (expected: 1 to 65535)");
    }
    return value;
  }
}

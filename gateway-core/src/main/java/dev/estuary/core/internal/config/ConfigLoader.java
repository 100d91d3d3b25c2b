package dev.estuary.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.estuary.core.BackendConfig;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link GatewayConfig} from four layers in increasing precedence: defaults, a YAML file,
 * {@code ESTUARY_*} environment variables, command-line flags ({@link ConfigKey} lists the core's
 * keys). Frontend ports and options are spelled generically: {@code frontends.<f>.port}, {@code
 * ESTUARY_<F>_PORT}, {@code --<f>-port}; {@code frontends.<f>.<option>} or {@code
 * frontends.options}, {@code ESTUARY_<F>_<OPTION>} for the options a frontend declares. Values of
 * frontend options are checked by the launcher against the frontends' declarations. The first
 * unusable value stops loading with a {@link ConfigException} naming the key, the value, its source
 * and what was expected.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** A raw value and where it came from, e.g. {@code environment ESTUARY_BIND}. */
  private record Raw(String value, String source) {}

  /**
   * Loads the configuration.
   *
   * @param yamlFile the YAML file given with {@code --config}, or null
   * @param env the process environment
   * @param flags values given as command-line flags, keyed by the key they set (not {@link
   *     ConfigKey#BACKEND_OPTIONS})
   * @param flagBackendOptions {@code --backend-option} values as {@code k=v}
   * @return the configuration
   * @throws ConfigException for the first unusable value
   */
  public static GatewayConfig load(
      @Nullable Path yamlFile,
      Map<String, String> env,
      Map<ConfigKey, String> flags,
      List<String> flagBackendOptions) {
    return load(yamlFile, env, flags, flagBackendOptions, List.of(), Map.of(), Map.of());
  }

  /**
   * Loads the configuration, with frontend options given as flags.
   *
   * @param yamlFile the YAML file given with {@code --config}, or null
   * @param env the process environment
   * @param flags values given as command-line flags, keyed by the key they set (not the option
   *     keys)
   * @param flagBackendOptions {@code --backend-option} values as {@code k=v}
   * @param flagFrontendOptions {@code --frontend-option} values as {@code frontend.key=v}
   * @return the configuration
   * @throws ConfigException for the first unusable value
   */
  public static GatewayConfig load(
      @Nullable Path yamlFile,
      Map<String, String> env,
      Map<ConfigKey, String> flags,
      List<String> flagBackendOptions,
      List<String> flagFrontendOptions) {
    return load(yamlFile, env, flags, flagBackendOptions, flagFrontendOptions, Map.of(), Map.of());
  }

  /**
   * Loads the configuration, with frontend ports and options given as flags and the options each
   * frontend declares (for their environment variables).
   *
   * @param yamlFile the YAML file given with {@code --config}, or null
   * @param env the process environment
   * @param flags values given as command-line flags, keyed by the key they set
   * @param flagBackendOptions {@code --backend-option} values as {@code k=v}
   * @param flagFrontendOptions frontend options given as flags, as {@code frontend.key=v}
   * @param flagPorts {@code --<frontend>-port} values by frontend name
   * @param declaredOptions the option names each available frontend declares, by frontend name
   * @return the configuration
   * @throws ConfigException for the first unusable value
   */
  public static GatewayConfig load(
      @Nullable Path yamlFile,
      Map<String, String> env,
      Map<ConfigKey, String> flags,
      List<String> flagBackendOptions,
      List<String> flagFrontendOptions,
      Map<String, String> flagPorts,
      Map<String, Set<String>> declaredOptions) {
    Map<ConfigKey, Raw> values = new EnumMap<>(ConfigKey.class);
    Map<String, String> options = new TreeMap<>();
    Map<String, String> generic = new TreeMap<>();
    Map<String, Raw> ports = new TreeMap<>();
    Set<String> frontendNames = new TreeSet<>(GatewayConfig.KNOWN_FRONTENDS);
    frontendNames.addAll(declaredOptions.keySet());
    if (yamlFile != null) {
      readYaml(yamlFile, values, options, generic, ports, frontendNames);
    }
    for (String fe : frontendNames) {
      String v = env.get(envName(fe, "port"));
      if (v != null) {
        ports.put(fe, new Raw(v, "environment " + envName(fe, "port")));
      }
      for (String key : declaredOptions.getOrDefault(fe, Set.of())) {
        String o = env.get(envName(fe, key));
        if (o != null) {
          generic.put(fe + "." + key, o.strip());
        }
      }
    }
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.env());
      if (v == null) {
        continue;
      }
      if (k == ConfigKey.BACKEND_OPTIONS || k == ConfigKey.FRONTEND_OPTIONS) {
        if (!v.isBlank()) {
          for (String kv : v.split(",")) {
            putOption(k, k == ConfigKey.BACKEND_OPTIONS ? options : generic, kv, "environment " + k.env(),
                frontendNames);
          }
        }
      } else {
        values.put(k, new Raw(v, "environment " + k.env()));
      }
    }
    flags.forEach((k, v) -> values.put(k, new Raw(v, "flag " + k.flag())));
    for (String kv : flagBackendOptions) {
      putOption(ConfigKey.BACKEND_OPTIONS, options, kv, "flag " + ConfigKey.BACKEND_OPTIONS.flag(),
          frontendNames);
    }
    for (String kv : flagFrontendOptions) {
      putOption(ConfigKey.FRONTEND_OPTIONS, generic, kv, "flag " + ConfigKey.FRONTEND_OPTIONS.flag(),
          frontendNames);
    }
    flagPorts.forEach((fe, v) -> ports.put(fe, new Raw(v, "flag --" + fe + "-port")));
    GatewayConfig c = build(values, options, ports);
    if (generic.isEmpty()) {
      return c;
    }
    // Options from the generic frontends.options map join those set with their own keys.
    Map<String, String> all = new TreeMap<>(c.frontendOptions());
    all.putAll(generic);
    return new GatewayConfig(c.dataDirectory(), c.bindAddress(), c.adminPort(), c.backend(),
        c.frontends(), c.frontendPorts(), c.logLevel(), all, c.adminTls());
  }

  /**
   * Returns the environment variable of a frontend setting.
   *
   * @param frontend the frontend name
   * @param key {@code port} or an option name
   * @return e.g. {@code ESTUARY_DATASET_IO_THREADS}
   */
  public static String envName(String frontend, String key) {
    return ("ESTUARY_" + frontend + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The remote backend's option naming the engine daemon ({@code dfs-remote}'s provider). */
  private static final String REMOTE_ENDPOINT = "endpoint";

  private static GatewayConfig build(Map<ConfigKey, Raw> values, Map<String, String> options,
      Map<String, Raw> portRaws) {
    GatewayConfig d = GatewayConfig.defaults();
    Path data = d.dataDirectory();
    Raw r = values.get(ConfigKey.DATA);
    if (r != null) {
      if (r.value().isBlank()) {
        throw error(ConfigKey.DATA, r, "a directory path");
      }
      data = Path.of(r.value());
    }
    String bind = d.bindAddress();
    r = values.get(ConfigKey.BIND);
    if (r != null) {
      bind = r.value().strip();
      if (!bind.matches("[0-9A-Za-z.:%_-]+")) {
        throw error(ConfigKey.BIND, r, "an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0");
      }
    }
    int adminPort = port(values, ConfigKey.ADMIN_PORT, d.adminPort());
    String backend = d.backend().name();
    r = values.get(ConfigKey.BACKEND);
    if (r != null) {
      backend = r.value().strip();
      if (backend.startsWith("unix:") || backend.startsWith("tcp://")) {
        // Node mode (DESIGN §6.2): an engine daemon's address stands for the remote backend
        // with that endpoint, so `--backend unix:PATH` needs no --backend-option.
        String earlier = options.get(REMOTE_ENDPOINT);
        if (earlier != null && !earlier.equals(backend)) {
          throw error(ConfigKey.BACKEND, r, "the same endpoint as backend option "
              + REMOTE_ENDPOINT + "=" + earlier + ", or only one of them");
        }
        options = new TreeMap<>(options);
        options.put(REMOTE_ENDPOINT, backend);
        backend = "remote";
      } else if (!backend.matches("[a-z][a-z0-9-]*")) {
        throw error(ConfigKey.BACKEND, r,
            "a backend name such as engine, or an engine daemon's unix:/path or tcp://host:port");
      }
    }
    FrontendSelection frontends = d.frontends();
    r = values.get(ConfigKey.FRONTENDS);
    if (r != null) {
      frontends = frontends(r);
    }
    Map<String, Integer> ports = new TreeMap<>();
    portRaws.forEach((fe, raw) -> ports.put(fe, frontendPort(fe, raw)));
    String level = d.logLevel();
    r = values.get(ConfigKey.LOG_LEVEL);
    if (r != null) {
      level = r.value().strip().toLowerCase(Locale.ROOT);
      if (!GatewayConfig.LOG_LEVELS.contains(level)) {
        throw error(ConfigKey.LOG_LEVEL, r, "one of error, warn, info, debug, trace");
      }
    }
    return new GatewayConfig(
        data, bind, adminPort, new BackendConfig(backend, options), frontends, ports, level,
        Map.of(), adminTls(values));
  }

  private static ServerTls.Settings adminTls(Map<ConfigKey, Raw> values) {
    ServerTls.Mode mode = ServerTls.Mode.AUTO;
    Raw r = values.get(ConfigKey.ADMIN_TLS);
    if (r != null) {
      try {
        mode = ServerTls.Mode.parse(r.value());
      } catch (IllegalArgumentException e) {
        throw error(ConfigKey.ADMIN_TLS, r, "auto, on or off");
      }
    }
    Path cert = readable(values, ConfigKey.ADMIN_TLS_CERT);
    Path key = readable(values, ConfigKey.ADMIN_TLS_KEY);
    if ((cert == null) != (key == null)) {
      ConfigKey missing = cert == null ? ConfigKey.ADMIN_TLS_CERT : ConfigKey.ADMIN_TLS_KEY;
      ConfigKey given = cert == null ? ConfigKey.ADMIN_TLS_KEY : ConfigKey.ADMIN_TLS_CERT;
      throw new ConfigException(given.yaml() + ": set without " + missing.yaml()
          + " (expected: both, or neither for a generated certificate)");
    }
    return new ServerTls.Settings(mode, cert, key);
  }

  private static @Nullable Path readable(Map<ConfigKey, Raw> values, ConfigKey key) {
    Raw r = values.get(key);
    if (r == null) {
      return null;
    }
    try {
      Path p = Path.of(r.value().strip());
      if (Files.isReadable(p) && !Files.isDirectory(p)) {
        return p;
      }
    } catch (java.nio.file.InvalidPathException e) {
      // reported below
    }
    throw error(key, r, "a readable PEM file");
  }

  private static FrontendSelection frontends(Raw r) {
    String v = r.value().strip().toLowerCase(Locale.ROOT);
    String expected = "all, none, or a comma-separated list of "
        + String.join(", ", GatewayConfig.KNOWN_FRONTENDS.stream().sorted().toList());
    if (v.equals("all")) {
      return FrontendSelection.ALL;
    }
    if (v.equals("none") || v.isEmpty()) {
      return FrontendSelection.NONE;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : v.split(",")) {
      String n = name.strip();
      if (!GatewayConfig.KNOWN_FRONTENDS.contains(n)) {
        throw new ConfigException(
            ConfigKey.FRONTENDS.yaml() + ": unknown frontend '" + n + "' in '" + r.value()
                + "' (from " + r.source() + "; expected: " + expected + ")");
      }
      names.add(n);
    }
    return FrontendSelection.of(names);
  }

  private static int frontendPort(String frontend, Raw r) {
    try {
      int p = Integer.parseInt(r.value().strip());
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException("frontends." + frontend + ".port: '" + r.value() + "' (from "
        + r.source() + "; expected: a port number 0-65535)");
  }

  private static int port(Map<ConfigKey, Raw> values, ConfigKey key, int dflt) {
    Raw r = values.get(key);
    if (r == null) {
      return dflt;
    }
    try {
      int p = Integer.parseInt(r.value().strip());
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(key, r, "a port number 0-65535");
  }

  private static void putOption(ConfigKey key, Map<String, String> options, String kv,
      String source, Set<String> frontendNames) {
    int eq = kv.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          key.yaml() + ": '" + kv + "' (from " + source + "; expected: "
              + (key == ConfigKey.FRONTEND_OPTIONS ? "frontend.key=value)" : "key=value)"));
    }
    String k = kv.substring(0, eq).strip();
    if (key == ConfigKey.FRONTEND_OPTIONS) {
      checkFrontendOption(k, source, frontendNames);
    }
    options.put(k, kv.substring(eq + 1).strip());
  }

  /** A frontend option key is {@code <known frontend>.<key>}. */
  private static void checkFrontendOption(String key, String source, Set<String> frontendNames) {
    int dot = key.indexOf('.');
    if (dot <= 0 || dot == key.length() - 1 || !frontendNames.contains(key.substring(0, dot))) {
      throw new ConfigException(
          ConfigKey.FRONTEND_OPTIONS.yaml() + ": '" + key + "' (from " + source
              + "; expected: frontend.key with a frontend of "
              + String.join(", ", new TreeSet<>(frontendNames)) + ")");
    }
  }

  private static ConfigException error(ConfigKey key, Raw r, String expected) {
    return new ConfigException(
        key.yaml() + ": '" + r.value() + "' (from " + r.source() + "; expected: " + expected + ")");
  }

  private static void readYaml(
      Path file, Map<ConfigKey, Raw> values, Map<String, String> options,
      Map<String, String> frontendOptions, Map<String, Raw> ports, Set<String> frontendNames) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException("--config: " + file + " does not exist (expected: a YAML file)");
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new ConfigException("--config: " + file + " is not valid YAML (" + msg + ")");
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return; // an empty file configures nothing
    }
    String source = "config file " + file;
    if (!root.isObject()) {
      throw new ConfigException(source + ": the top level is not a mapping (expected: key: value lines)");
    }
    walk(root, "", source, values, options, frontendOptions, ports, frontendNames);
  }

  private static void walk(
      JsonNode node, String prefix, String source, Map<ConfigKey, Raw> values,
      Map<String, String> options, Map<String, String> frontendOptions, Map<String, Raw> ports,
      Set<String> frontendNames) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (prefix.equals("frontends.") && frontendNames.contains(e.getKey())) {
        // frontends.<f>: {port: N, <option>: value, ...}
        if (!v.isObject()) {
          throw new ConfigException(
              source + ": " + path + " is not a mapping (expected: port and option lines)");
        }
        for (Map.Entry<String, JsonNode> opt : v.properties()) {
          JsonNode value = opt.getValue();
          if (!value.isValueNode() || value.isNull()) {
            throw new ConfigException(
                source + ": " + path + "." + opt.getKey() + " (expected: a scalar value)");
          }
          if (opt.getKey().equals("port")) {
            ports.put(e.getKey(), new Raw(value.asText(), source));
          } else {
            frontendOptions.put(e.getKey() + "." + opt.getKey(), value.asText());
          }
        }
        continue;
      }
      if (path.equals(ConfigKey.FRONTEND_OPTIONS.yaml())) {
        // Either "dataset.tls-cert: x" or "dataset: {tls-cert: x}".
        if (!v.isObject()) {
          throw new ConfigException(
              source + ": " + path + " is not a mapping (expected: frontend.key: value lines)");
        }
        for (Map.Entry<String, JsonNode> opt : v.properties()) {
          if (opt.getValue().isObject()) {
            for (Map.Entry<String, JsonNode> sub : opt.getValue().properties()) {
              putFrontendOption(frontendOptions, path, opt.getKey() + "." + sub.getKey(),
                  sub.getValue(), source, frontendNames);
            }
          } else {
            putFrontendOption(frontendOptions, path, opt.getKey(), opt.getValue(), source,
                frontendNames);
          }
        }
        continue;
      }
      if (path.equals(ConfigKey.BACKEND_OPTIONS.yaml())) {
        if (!v.isObject()) {
          throw new ConfigException(
              source + ": " + path + " is not a mapping (expected: option: value lines)");
        }
        for (Map.Entry<String, JsonNode> opt : v.properties()) {
          if (!opt.getValue().isValueNode() || opt.getValue().isNull()) {
            throw new ConfigException(
                source + ": " + path + "." + opt.getKey() + " (expected: a scalar value)");
          }
          options.put(opt.getKey(), opt.getValue().asText());
        }
        continue;
      }
      if (ConfigKey.byYaml(path).isEmpty()) {
        if (v.isObject() && isPrefix(path + ".")) {
          walk(v, path + ".", source, values, options, frontendOptions, ports, frontendNames);
          continue;
        }
        throw new ConfigException(
            source + ": unknown key '" + path + "' (expected: one of "
                + Arrays.stream(ConfigKey.values()).map(ConfigKey::yaml)
                    .collect(Collectors.joining(", "))
                + ", frontends.<frontend>.port, frontends.<frontend>.<option> with a frontend of "
                + String.join(", ", frontendNames) + ")");
      }
      ConfigKey key = ConfigKey.byYaml(path).get();
      String text;
      if (key == ConfigKey.FRONTENDS && v.isArray()) {
        List<String> names = new ArrayList<>();
        v.forEach(n -> names.add(n.asText()));
        text = names.isEmpty() ? "none" : String.join(",", names);
      } else if (v.isValueNode() && !v.isNull()) {
        text = v.asText();
      } else {
        throw new ConfigException(
            source + ": " + path + " (expected: a single value, not " + v.getNodeType()
                .toString().toLowerCase(Locale.ROOT) + ")");
      }
      values.put(key, new Raw(text, source));
    }
  }

  private static void putFrontendOption(
      Map<String, String> frontendOptions, String path, String key, JsonNode value, String source,
      Set<String> frontendNames) {
    if (!value.isValueNode() || value.isNull()) {
      throw new ConfigException(source + ": " + path + "." + key + " (expected: a scalar value)");
    }
    checkFrontendOption(key, source, frontendNames);
    frontendOptions.put(key, value.asText());
  }

  private static boolean isPrefix(String prefix) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (k.yaml().startsWith(prefix)) {
        seen.put(k.yaml(), true);
      }
    }
    return !seen.isEmpty();
  }
}

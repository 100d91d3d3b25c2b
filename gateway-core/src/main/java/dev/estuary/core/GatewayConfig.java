package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole configuration of one gateway process, immutable. Built by the launcher from, in
 * increasing precedence, {@link #defaults()}, a YAML file, {@code ESTUARY_*} environment variables
 * and command-line flags; {@code gateway-core/CONFIG.md} documents every key.
 *
 * @param dataDirectory where the backend, the user store and the run files live
 * @param bindAddress the address every listener binds to (loopback by default, so nothing is
 *     reachable from the network until an administrator says so)
 * @param adminPort the port of the admin HTTP endpoint ({@code /metrics}, {@code /health}, admin
 *     API); 0 picks a free port
 * @param backend which backend implementation to open and its options
 * @param frontends which frontends to start
 * @param frontendPorts configured ports by frontend name; a frontend not listed uses its {@link
 *     Frontend#defaultPort()}
 * @param logLevel the level of Estuary's own loggers ({@code error}, {@code warn}, {@code info},
 *     {@code debug} or {@code trace})
 * @param frontendOptions frontend settings other than ports, keyed {@code <frontend>.<option>}
 *     (for example {@code s3.region}); a frontend reads its own with {@link #frontendOption}
 * @param adminTls TLS of the admin endpoint ({@code admin.tls}, {@code admin.tls-cert}, {@code
 *     admin.tls-key})
 */
public record GatewayConfig(
    Path dataDirectory,
    String bindAddress,
    int adminPort,
    BackendConfig backend,
    FrontendSelection frontends,
    Map<String, Integer> frontendPorts,
    String logLevel,
    Map<String, String> frontendOptions,
    ServerTls.Settings adminTls) {

  /** The frontend names this version of Estuary knows of, whether or not they are in the build. */
  public static final Set<String> KNOWN_FRONTENDS = Set.of("s3", "smb", "nfs", "dataset");

  /** The log levels {@link #logLevel()} accepts. */
  public static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  /** Validates and copies the components. */
  public GatewayConfig {
    requireNonNull(dataDirectory, "dataDirectory");
    requireNonNull(bindAddress, "bindAddress");
    requireNonNull(backend, "backend");
    requireNonNull(frontends, "frontends");
    requireNonNull(logLevel, "logLevel");
    requireNonNull(adminTls, "adminTls");
    checkPort("adminPort", adminPort);
    frontendPorts.forEach((name, port) -> checkPort(name + " port", port));
    frontendPorts = Map.copyOf(new TreeMap<>(frontendPorts));
    frontendOptions = Map.copyOf(new TreeMap<>(frontendOptions));
    if (!LOG_LEVELS.contains(logLevel)) {
      throw new IllegalArgumentException(
          "logLevel: '" + logLevel + "' (expected: one of error, warn, info, debug, trace)");
    }
  }

  /**
   * Creates a configuration whose admin endpoint has the default TLS settings.
   *
   * @param dataDirectory see the record
   * @param bindAddress see the record
   * @param adminPort see the record
   * @param backend see the record
   * @param frontends see the record
   * @param frontendPorts see the record
   * @param logLevel see the record
   * @param frontendOptions see the record
   */
  public GatewayConfig(Path dataDirectory, String bindAddress, int adminPort,
      BackendConfig backend, FrontendSelection frontends, Map<String, Integer> frontendPorts,
      String logLevel, Map<String, String> frontendOptions) {
    this(dataDirectory, bindAddress, adminPort, backend, frontends, frontendPorts, logLevel,
        frontendOptions, ServerTls.Settings.AUTO);
  }

  /**
   * Creates a configuration without frontend options.
   *
   * @param dataDirectory see the record
   * @param bindAddress see the record
   * @param adminPort see the record
   * @param backend see the record
   * @param frontends see the record
   * @param frontendPorts see the record
   * @param logLevel see the record
   */
  public GatewayConfig(Path dataDirectory, String bindAddress, int adminPort,
      BackendConfig backend, FrontendSelection frontends, Map<String, Integer> frontendPorts,
      String logLevel) {
    this(dataDirectory, bindAddress, adminPort, backend, frontends, frontendPorts, logLevel,
        Map.of());
  }

  /**
   * Returns one frontend option.
   *
   * @param frontend the frontend name, e.g. {@code s3}
   * @param option the option, e.g. {@code region}
   * @return its configured value, or empty for the frontend's default
   */
  public java.util.Optional<String> frontendOption(String frontend, String option) {
    return java.util.Optional.ofNullable(frontendOptions.get(frontend + "." + option));
  }

  /**
   * Returns the built-in defaults: data in {@code ./estuary-data}, listeners on {@code 127.0.0.1},
   * admin port 9180, the {@code engine} backend, every available frontend on its default port,
   * log level {@code info}.
   *
   * @return the default configuration
   */
  public static GatewayConfig defaults() {
    return new GatewayConfig(
        Path.of("estuary-data"),
        "127.0.0.1",
        9180,
        new BackendConfig("engine", Map.of()),
        FrontendSelection.ALL,
        Map.of(),
        "info");
  }

  /**
   * Returns the port a frontend should listen on.
   *
   * @param frontend the frontend
   * @return the configured port, else the frontend's default port
   */
  public int portOf(Frontend frontend) {
    return frontendPorts.getOrDefault(frontend.name(), frontend.defaultPort());
  }

  /**
   * Returns all options of one frontend, without the {@code <frontend>.} prefix: those set with
   * their own keys (such as {@code frontends.s3.region}) and those set through the generic {@code
   * frontends.options} map (such as {@code dataset.tls-cert}).
   *
   * @param frontend the frontend name, e.g. {@code dataset}
   * @return its options, possibly empty
   */
  public Map<String, String> optionsOf(String frontend) {
    String prefix = frontend + ".";
    Map<String, String> out = new TreeMap<>();
    frontendOptions.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return Map.copyOf(out);
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + ": " + port + " (expected: 0-65535)");
    }
  }
}

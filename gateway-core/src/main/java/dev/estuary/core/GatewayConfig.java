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
 * @param frontendOptions frontend-specific settings keyed {@code <frontend>.<key>} (e.g. {@code
 *     dataset.tls-cert}); each frontend reads its own with {@link #optionsOf} and refuses keys it
 *     does not know
 */
public record GatewayConfig(
    Path dataDirectory,
    String bindAddress,
    int adminPort,
    BackendConfig backend,
    FrontendSelection frontends,
    Map<String, Integer> frontendPorts,
    String logLevel,
    Map<String, String> frontendOptions) {

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
   * Creates a configuration without frontend options.
   *
   * @param dataDirectory see the record components
   * @param bindAddress see the record components
   * @param adminPort see the record components
   * @param backend see the record components
   * @param frontends see the record components
   * @param frontendPorts see the record components
   * @param logLevel see the record components
   */
  public GatewayConfig(
      Path dataDirectory, String bindAddress, int adminPort, BackendConfig backend,
      FrontendSelection frontends, Map<String, Integer> frontendPorts, String logLevel) {
    this(dataDirectory, bindAddress, adminPort, backend, frontends, frontendPorts, logLevel, Map.of());
  }

  /**
   * Returns the options of one frontend, without the {@code <frontend>.} prefix.
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
        "info",
        Map.of());
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

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + ": " + port + " (expected: 0-65535)");
    }
  }
}

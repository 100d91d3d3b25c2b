package dev.estuary.core.internal.config;

import java.util.Optional;

/**
 * Every configuration key of the core with its three spellings and default: the single table that
 * {@code gateway-core/CONFIG.md} documents (a test checks the two agree). Frontend keys are not
 * here: each frontend declares its options ({@link dev.estuary.core.Frontend#options()}), and its
 * port and options are spelled generically ({@code frontends.<frontend>.port}, {@code
 * ESTUARY_<FRONTEND>_PORT}, {@code --<frontend>-port}; {@code frontends.<frontend>.<option>}).
 */
public enum ConfigKey {
  /** Data directory. */
  DATA("data", "ESTUARY_DATA", "--data", "./estuary-data",
      "Directory holding the backend, users.json, admin-credentials and run/."),
  /** Bind address. */
  BIND("bind", "ESTUARY_BIND", "--bind", "127.0.0.1",
      "Address every listener binds to. Loopback by default so nothing is exposed until you choose"
          + " an address such as 0.0.0.0."),
  /** Admin port. */
  ADMIN_PORT("admin.port", "ESTUARY_ADMIN_PORT", "--admin-port", "9180",
      "Admin HTTP port: /metrics, /health and the admin API used by the CLI. 0 picks a free port."),
  /** Admin TLS mode. */
  ADMIN_TLS("admin.tls", "ESTUARY_ADMIN_TLS", "--admin-tls", "auto",
      "TLS on the admin port: auto (TLS unless bound to a loopback address), on or off. Without"
          + " admin.tls-cert a self-signed certificate is generated into <data>/tls."),
  /** Admin TLS certificate. */
  ADMIN_TLS_CERT("admin.tls-cert", "ESTUARY_ADMIN_TLS_CERT", "--admin-tls-cert", "(generated)",
      "PEM certificate chain of the admin port (with admin.tls-key)."),
  /** Admin TLS key. */
  ADMIN_TLS_KEY("admin.tls-key", "ESTUARY_ADMIN_TLS_KEY", "--admin-tls-key", "(generated)",
      "PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted) of admin.tls-cert."),
  /** Backend provider name. */
  BACKEND("backend.name", "ESTUARY_BACKEND", "--backend", "engine",
      "Backend implementation (a DfsProvider name), or the engine daemon to use in node mode:"
          + " unix:/path/engine.sock or tcp://host:port (the remote backend with that endpoint)."),
  /** Backend options. */
  BACKEND_OPTIONS("backend.options", "ESTUARY_BACKEND_OPTIONS", "--backend-option", "(none)",
      "Backend-specific options: a YAML map; in the environment k=v,k2=v2; as flags repeat"
          + " --backend-option k=v. Layers merge key by key."),
  /** Enabled frontends. */
  FRONTENDS("frontends.enabled", "ESTUARY_FRONTENDS", "--frontends", "all",
      "Frontends to start: all, none, or a list of s3, smb, nfs, dataset (YAML list or comma"
          + " separated)."),
  /** Frontend options. */
  FRONTEND_OPTIONS("frontends.options", "ESTUARY_FRONTEND_OPTIONS", "--frontend-option", "(none)",
      "Frontend-specific options named frontend.key, e.g. dataset.tls-cert: a YAML map (flat, or one"
          + " mapping per frontend); in the environment k=v,k2=v2; as flags repeat --frontend-option k=v."
          + " Layers merge key by key; each frontend declares, documents and checks its keys."),
  /** Log level. */
  LOG_LEVEL("log.level", "ESTUARY_LOG_LEVEL", "--log-level", "info",
      "Level of Estuary's own loggers: error, warn, info, debug, trace. Libraries stay at warn.");

  private final String yaml;
  private final String env;
  private final String flag;
  private final String defaultValue;
  private final String meaning;

  ConfigKey(String yaml, String env, String flag, String defaultValue, String meaning) {
    this.yaml = yaml;
    this.env = env;
    this.flag = flag;
    this.defaultValue = defaultValue;
    this.meaning = meaning;
  }

  /**
   * Returns the dotted YAML path.
   *
   * @return e.g. {@code admin.port}
   */
  public String yaml() {
    return yaml;
  }

  /**
   * Returns the environment variable.
   *
   * @return e.g. {@code ESTUARY_ADMIN_PORT}
   */
  public String env() {
    return env;
  }

  /**
   * Returns the command-line flag.
   *
   * @return e.g. {@code --admin-port}
   */
  public String flag() {
    return flag;
  }

  /**
   * Returns the default as documented.
   *
   * @return the default value's text
   */
  public String defaultValue() {
    return defaultValue;
  }

  /**
   * Returns what the key means.
   *
   * @return one or two sentences
   */
  public String meaning() {
    return meaning;
  }

  /**
   * Finds a key by YAML path.
   *
   * @param path the dotted path
   * @return the key, if any
   */
  public static Optional<ConfigKey> byYaml(String path) {
    for (ConfigKey k : values()) {
      if (k.yaml.equals(path)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}

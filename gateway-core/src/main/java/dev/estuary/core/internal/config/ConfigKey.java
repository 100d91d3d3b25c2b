package dev.estuary.core.internal.config;

import java.util.Optional;

/**
 * Every configuration key with its three spellings and default: the single table that {@code
 * gateway-core/CONFIG.md} documents (a test checks the two agree).
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
  /** Backend provider name. */
  BACKEND("backend.name", "ESTUARY_BACKEND", "--backend", "engine",
      "Backend implementation (a DfsProvider name)."),
  /** Backend options. */
  BACKEND_OPTIONS("backend.options", "ESTUARY_BACKEND_OPTIONS", "--backend-option", "(none)",
      "Backend-specific options: a YAML map; in the environment k=v,k2=v2; as flags repeat"
          + " --backend-option k=v. Layers merge key by key."),
  /** Enabled frontends. */
  FRONTENDS("frontends.enabled", "ESTUARY_FRONTENDS", "--frontends", "all",
      "Frontends to start: all, none, or a list of s3, smb, nfs, dataset (YAML list or comma"
          + " separated)."),
  /** S3 port. */
  S3_PORT("frontends.s3.port", "ESTUARY_S3_PORT", "--s3-port", "9000", "S3 frontend port."),
  /** S3 region. */
  S3_REGION("frontends.s3.region", "ESTUARY_S3_REGION", "--s3-region", "us-east-1",
      "Region the S3 frontend reports (GetBucketLocation) and expects in SigV4 credential scopes."),
  /** S3 virtual-host domain. */
  S3_DOMAIN("frontends.s3.domain", "ESTUARY_S3_DOMAIN", "--s3-domain", "(none)",
      "Base domain for virtual-host-style S3 requests: a Host of bucket.DOMAIN names the bucket."
          + " Unset, only path-style addressing is used."),
  /** SMB port. */
  SMB_PORT("frontends.smb.port", "ESTUARY_SMB_PORT", "--smb-port", "4450",
      "SMB frontend port; unprivileged by default (445 needs CAP_NET_BIND_SERVICE)."),
  /** NFS port. */
  NFS_PORT("frontends.nfs.port", "ESTUARY_NFS_PORT", "--nfs-port", "2049",
      "NFS frontend port (2049 is unprivileged on Linux)."),
  /** Dataset service port. */
  DATASET_PORT("frontends.dataset.port", "ESTUARY_DATASET_PORT", "--dataset-port", "9190",
      "PyTorch dataset gRPC service port."),
  /** Frontend options. */
  FRONTEND_OPTIONS("frontends.options", "ESTUARY_FRONTEND_OPTIONS", "--frontend-option", "(none)",
      "Frontend-specific options named frontend.key, e.g. dataset.tls-cert: a YAML map (flat, or one"
          + " mapping per frontend); in the environment k=v,k2=v2; as flags repeat --frontend-option k=v."
          + " Layers merge key by key; each frontend documents and checks its keys."),
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
   * Returns the frontend whose port this key is, if it is a port key of a frontend.
   *
   * @return e.g. {@code s3} for {@link #S3_PORT}
   */
  public Optional<String> portFrontend() {
    return yaml.startsWith("frontends.") && yaml.endsWith(".port")
        ? Optional.of(yaml.substring("frontends.".length(), yaml.length() - ".port".length()))
        : Optional.empty();
  }

  /**
   * Returns the frontend and option this key sets, if it is a frontend option other than a port.
   *
   * @return e.g. {@code s3.region} for {@link #S3_REGION}
   */
  public Optional<String> frontendOption() {
    return yaml.startsWith("frontends.") && !yaml.endsWith(".port") && !yaml.equals("frontends.enabled")
        ? Optional.of(yaml.substring("frontends.".length()))
        : Optional.empty();
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

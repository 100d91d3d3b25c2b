package dev.estuary.node.internal.description;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The roles a node runs, one container each: the engine, and each frontend the description enables. */
public enum Role {
  /** The engine daemon that owns the data directory ({@code estuary engine}). */
  ENGINE(0),
  /** The S3 frontend. */
  S3(9000),
  /** The PyTorch dataset service. */
  DATASET(9190),
  /** The SMB frontend. */
  SMB(445),
  /** The NFS frontend. */
  NFS(2049);

  private final int defaultPort;

  Role(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /**
   * Returns the name used in descriptions, labels, container names and the CLI.
   *
   * @return the lower-case name
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the port the frontend serves by default.
   *
   * @return the port; 0 for the engine, which serves a unix socket
   */
  public int defaultPort() {
    return defaultPort;
  }

  /**
   * Finds a frontend role by its name.
   *
   * @param id the name, such as {@code s3}
   * @return the role, or null if no frontend has that name
   */
  public static @Nullable Role frontend(String id) {
    for (Role r : values()) {
      if (r != ENGINE && r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }
}

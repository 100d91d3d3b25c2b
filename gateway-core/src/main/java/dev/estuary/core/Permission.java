package dev.estuary.core;

/**
 * What a principal may do on a volume (DESIGN §5). Each level includes the ones before it: {@code
 * WRITE} allows reading, {@code ADMIN} allows reading and writing.
 */
public enum Permission {
  /** List and read objects. */
  READ,
  /** Create, change and remove objects. */
  WRITE,
  /** Change the volume's settings and permissions, delete the volume. */
  ADMIN;

  /**
   * Returns whether holding this permission grants {@code wanted}.
   *
   * @param wanted the permission asked for
   * @return true if this level is at least {@code wanted}
   */
  public boolean implies(Permission wanted) {
    return compareTo(wanted) >= 0;
  }

  /**
   * Parses a permission name, case-insensitively.
   *
   * @param text {@code read}, {@code write} or {@code admin}
   * @return the permission
   * @throws IllegalArgumentException naming the text and what was expected
   */
  public static Permission parse(String text) {
    for (Permission p : values()) {
      if (p.name().equalsIgnoreCase(text.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "permission: '" + text + "' (expected: read, write or admin)");
  }
}

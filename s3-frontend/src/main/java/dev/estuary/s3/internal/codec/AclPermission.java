package dev.estuary.s3.internal.codec;

/**
 * The permissions an ACL grant gives (S3 User Guide, "Access control list (ACL) overview",
 * "Permissions that you can grant"). {@link #FULL_CONTROL} includes the other four.
 */
public enum AclPermission {
  /** Bucket: list objects. Object: read data and metadata. */
  READ,
  /** Bucket: create, overwrite and delete objects. Not valid on objects. */
  WRITE,
  /** Read the ACL. */
  READ_ACP,
  /** Write the ACL. */
  WRITE_ACP,
  /** All of the above. */
  FULL_CONTROL;

  /**
   * Returns whether holding this permission gives {@code wanted}.
   *
   * @param wanted the permission needed
   * @return true for the same permission or FULL_CONTROL
   */
  public boolean implies(AclPermission wanted) {
    return this == FULL_CONTROL || this == wanted;
  }

  /**
   * Parses the XML name.
   *
   * @param text e.g. {@code READ_ACP}
   * @return the permission
   * @throws IllegalArgumentException naming the text and what was expected
   */
  public static AclPermission parse(String text) {
    for (AclPermission p : values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Permission: '" + text
        + "' (expected: READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL)");
  }
}

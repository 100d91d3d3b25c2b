package dev.estuary.dfs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The write-once state of one regular file ({@link Capability#RETENTION}): a retention period (a
 * {@link RetentionMode} and the instant it lasts until) and a legal hold, each optional and
 * independent, as in S3 Object Lock. While either is in effect ({@link #inEffect}) the backend
 * refuses, for every caller and protocol, whatever would destroy or change the file's data; see
 * {@link Volume#setRetention}.
 *
 * @param mode the retention mode, or null when the file has no retention period
 * @param retainUntil the end of the retention period (exclusive: at this instant the file is free
 *     again), or null exactly when {@code mode} is null
 * @param legalHold whether a legal hold is on; it has no date and lasts until it is taken off
 */
public record Retention(@Nullable RetentionMode mode, @Nullable Instant retainUntil, boolean legalHold) {

  /** No retention period and no legal hold: what a file has until one is set. */
  public static final Retention NONE = new Retention(null, null, false);

  /**
   * The namespace of extended attributes that say who may access a file rather than what it holds
   * (an S3 object's ACL): like its mode and owner, they stay changeable under a retention or a
   * legal hold, since S3 Object Lock protects an object version's data and metadata, not its
   * access control list (S3 User Guide, "Object Lock considerations": ACLs of a locked version may
   * be changed).
   */
  public static final String ACCESS_CONTROL_XATTR_PREFIX = "estuary.access.";

  /**
   * Returns whether a retention or legal hold protects an extended attribute from change.
   *
   * @param xattrName the attribute's name
   * @return false for the access-control namespace ({@link #ACCESS_CONTROL_XATTR_PREFIX}), else
   *     true
   */
  public static boolean protects(String xattrName) {
    return !xattrName.startsWith(ACCESS_CONTROL_XATTR_PREFIX);
  }

  /**
   * Checks that the mode and the date come together.
   *
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} if one of them is null and the other
   *     is not
   */
  public Retention {
    if ((mode == null) != (retainUntil == null)) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "retention: mode " + mode + " until "
          + retainUntil + " (expected: both a mode and a date, or neither)");
    }
  }

  /**
   * Returns whether the retention period lasts beyond {@code now}.
   *
   * @param now the current instant, from the backend's clock
   * @return true while {@code retainUntil} is after {@code now}
   */
  public boolean periodInEffect(Instant now) {
    return retainUntil != null && retainUntil.isAfter(now);
  }

  /**
   * Returns whether the file is protected at {@code now}: a legal hold is on or the retention
   * period lasts beyond {@code now}.
   *
   * @param now the current instant, from the backend's clock
   * @return true while the file may not be removed, replaced or changed
   */
  public boolean inEffect(Instant now) {
    return legalHold || periodInEffect(now);
  }

  /**
   * Returns this state with another retention period.
   *
   * @param newMode the mode, or null to remove the period
   * @param newUntil the date, or null to remove the period
   * @return the copy
   */
  public Retention withPeriod(@Nullable RetentionMode newMode, @Nullable Instant newUntil) {
    return new Retention(newMode, newUntil, legalHold);
  }

  /**
   * Returns this state with the legal hold on or off.
   *
   * @param on whether the hold is on
   * @return the copy
   */
  public Retention withLegalHold(boolean on) {
    return new Retention(mode, retainUntil, on);
  }
}

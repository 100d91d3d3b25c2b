package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret string (a password hash, an NT hash, an S3 secret key, a token hash) that never shows
 * itself by accident: {@link #toString()} is redacted, so records holding secrets can be logged
 * and printed safely, and {@link #equals} compares in constant time.
 */
public final class Secret {
  private final String value;

  /**
   * Wraps a secret value.
   *
   * @param value the secret
   */
  public Secret(String value) {
    this.value = requireNonNull(value, "value");
  }

  /**
   * Returns the secret itself, for the few places that must use it (verification, SigV4 signing,
   * showing a freshly created credential once).
   *
   * @return the secret value
   */
  public String reveal() {
    return value;
  }

  /**
   * Compares with another value in time independent of where they differ.
   *
   * @param other the candidate value
   * @return whether they are equal
   */
  public boolean matches(String other) {
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), other.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && matches(s.value);
  }

  @Override
  public int hashCode() {
    // Deliberately constant: a hash of the value would leak bits of it.
    return 0x5ec2e7;
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}

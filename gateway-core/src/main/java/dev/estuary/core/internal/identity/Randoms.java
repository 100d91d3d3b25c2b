package dev.estuary.core.internal.identity;

import java.security.SecureRandom;

/** Random credentials: S3 keys, passwords, token parts, all from a caller's {@link SecureRandom}. */
public final class Randoms {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  // AWS-style access key ids are upper-case letters and digits.
  private static final String UPPER36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private Randoms() {}

  /**
   * Returns a new S3 access key id: {@code ES} and 18 upper-case letters or digits (20 chars).
   *
   * @param random the source
   * @return the key id
   */
  public static String accessKeyId(SecureRandom random) {
    return "ES" + pick(random, UPPER36, 18);
  }

  /**
   * Returns a new S3 secret key: 40 base62 characters (about 238 bits).
   *
   * @param random the source
   * @return the secret
   */
  public static String secretKey(SecureRandom random) {
    return pick(random, BASE62, 40);
  }

  /**
   * Returns a random password of 24 base62 characters.
   *
   * @param random the source
   * @return the password
   */
  public static String password(SecureRandom random) {
    return pick(random, BASE62, 24);
  }

  /**
   * Returns {@code n} random base62 characters.
   *
   * @param random the source
   * @param n how many
   * @return the string
   */
  public static String base62(SecureRandom random, int n) {
    return pick(random, BASE62, n);
  }

  private static String pick(SecureRandom random, String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      // nextInt(bound) is unbiased.
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}

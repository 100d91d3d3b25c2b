package dev.estuary.core.internal.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (RFC 9106) in the PHC string format, parameters stored with the
 * hash: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded base64). The defaults are
 * OWASP's first recommended set (19 MiB, 2 passes, 1 lane).
 */
public final class Argon2Passwords {
  /** Memory cost in KiB. */
  static final int MEMORY_KIB = 19456;
  /** Number of passes. */
  static final int ITERATIONS = 2;
  /** Lanes. */
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  // Bounds on parameters read back from a file, so a damaged store cannot make a login allocate
  // gigabytes or spin for minutes.
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 64;

  private Argon2Passwords() {}

  /**
   * Hashes a password with a fresh random salt.
   *
   * @param password the password
   * @param random the salt source
   * @return the PHC string
   */
  public static String hash(String password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
  }

  /**
   * Verifies a password against a PHC string, comparing in constant time.
   *
   * @param phc the stored hash
   * @param password the candidate password
   * @return whether the password matches; false also for a malformed hash
   */
  public static boolean verify(String phc, String password) {
    String[] parts = phc.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    int m = -1;
    int t = -1;
    int p = -1;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=", 2);
      if (pair.length != 2) {
        return false;
      }
      int v;
      try {
        v = Integer.parseInt(pair[1]);
      } catch (NumberFormatException e) {
        return false;
      }
      switch (pair[0]) {
        case "m" -> m = v;
        case "t" -> t = v;
        case "p" -> p = v;
        default -> {
          return false;
        }
      }
    }
    if (m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > MAX_ITERATIONS || p < 1 || p > 16) {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = Base64.getDecoder().decode(parts[4]);
      expected = Base64.getDecoder().decode(parts[5]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (expected.length < 16 || expected.length > 64) {
      return false;
    }
    byte[] actual = derive(password, salt, m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}

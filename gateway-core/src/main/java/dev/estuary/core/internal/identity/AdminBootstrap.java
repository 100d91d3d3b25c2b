package dev.estuary.core.internal.identity;

import dev.estuary.core.S3Credentials;
import dev.estuary.core.Secret;
import dev.estuary.core.User;
import dev.estuary.core.UserStore;
import dev.estuary.core.internal.GatewayException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Creates the first admin on a store without one (DESIGN §5): from {@code ESTUARY_ADMIN_USER},
 * {@code ESTUARY_ADMIN_PASSWORD}, {@code ESTUARY_ADMIN_ACCESS_KEY} and {@code
 * ESTUARY_ADMIN_SECRET_KEY} when set; whatever is not set is generated at random, printed once and
 * written to {@code <data>/admin-credentials} (mode 0600).
 */
public final class AdminBootstrap {
  /** Admin user name variable; default {@code admin}. */
  public static final String USER = "ESTUARY_ADMIN_USER";
  /** Admin password variable. */
  public static final String PASSWORD = "ESTUARY_ADMIN_PASSWORD";
  /** Admin S3 access key id variable. */
  public static final String ACCESS_KEY = "ESTUARY_ADMIN_ACCESS_KEY";
  /** Admin S3 secret key variable. */
  public static final String SECRET_KEY = "ESTUARY_ADMIN_SECRET_KEY";

  private AdminBootstrap() {}

  /**
   * Creates the first admin if no user of the store has the admin role.
   *
   * @param users the store
   * @param env the process environment
   * @param credentialsFile where generated credentials are saved
   * @param random the source of generated credentials
   * @param out where generated credentials are printed, once
   * @return the created admin, or null if the store already had an admin
   * @throws GatewayException for an unusable variable or an unwritable credentials file
   */
  public static @Nullable User ensureAdmin(UserStore users, Map<String, String> env,
      Path credentialsFile, SecureRandom random, PrintStream out) {
    // "First start" means: no admin yet. Users added with the CLI before the first serve do not
    // count, or the data directory would be left without anyone who may administer it.
    if (users.list().stream().anyMatch(User::admin)) {
      return null;
    }
    String name = nonBlank(env.get(USER));
    String password = nonBlank(env.get(PASSWORD));
    String access = nonBlank(env.get(ACCESS_KEY));
    String secret = nonBlank(env.get(SECRET_KEY));
    if ((access == null) != (secret == null)) {
      throw new GatewayException((access == null ? SECRET_KEY : ACCESS_KEY) + " is set but "
          + (access == null ? ACCESS_KEY : SECRET_KEY) + " is not (expected: both or neither)");
    }
    boolean generatedPassword = password == null;
    boolean generatedKeys = access == null;
    if (name == null) {
      name = "admin";
    }
    if (password == null) {
      password = Randoms.password(random);
    }
    S3Credentials keys = access == null ? null : new S3Credentials(access, new Secret(secret));
    User admin;
    try {
      admin = users.add(name, password, OptionalInt.empty(), OptionalInt.empty(), true, keys);
    } catch (IllegalArgumentException e) {
      throw new GatewayException("first admin from ESTUARY_ADMIN_*: " + e.getMessage(), e);
    }
    if (!generatedPassword && !generatedKeys) {
      out.println("Created admin user '" + name + "' from the ESTUARY_ADMIN_* environment.");
      return admin;
    }
    StringBuilder text = new StringBuilder();
    text.append("user=").append(name).append('\n');
    if (generatedPassword) {
      text.append("password=").append(password).append('\n');
    }
    text.append("s3_access_key=").append(admin.s3().accessKeyId()).append('\n');
    if (generatedKeys) {
      text.append("s3_secret_key=").append(admin.s3().secretKey().reveal()).append('\n');
    }
    try {
      SecureFiles.writeAtomically(credentialsFile, text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GatewayException(credentialsFile + ": cannot write (" + e.getMessage() + ")", e);
    }
    out.println("Created admin user '" + name + "'. These credentials are shown only now and are"
        + " saved in " + credentialsFile + " (mode 0600):");
    text.toString().lines().forEach(l -> out.println("  " + l));
    out.flush();
    return admin;
  }

  private static @Nullable String nonBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

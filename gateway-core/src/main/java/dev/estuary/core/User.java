package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One user of the store with every per-protocol credential derived for it (DESIGN §5). Immutable;
 * {@link #toString()} shows no secret.
 *
 * @param name the user name, unique
 * @param uid the POSIX user id (NFS AUTH_SYS, object ownership)
 * @param gid the primary POSIX group id
 * @param admin whether the user has the global admin role
 * @param passwordHash the Argon2id hash in PHC string form, parameters included
 * @param ntHash the lower-case hex NT hash (MD4 of the UTF-16LE password) used by NTLMv2
 * @param s3 the S3 key pair
 * @param tokens the API bearer tokens, hashed
 * @param volumes the permission granted per volume name ({@code *} for every volume)
 * @param created when the user was created
 */
public record User(
    String name,
    int uid,
    int gid,
    boolean admin,
    Secret passwordHash,
    Secret ntHash,
    S3Credentials s3,
    List<ApiToken> tokens,
    Map<String, Permission> volumes,
    Instant created) {

  /** Validates and copies the components. */
  public User {
    requireNonNull(name, "name");
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(ntHash, "ntHash");
    requireNonNull(s3, "s3");
    requireNonNull(created, "created");
    tokens = List.copyOf(tokens);
    volumes = Map.copyOf(new TreeMap<>(volumes));
  }

  /**
   * Returns the credential-free view frontends authorise with.
   *
   * @return the principal of this user
   */
  public Principal principal() {
    return new Principal(name, uid, gid, admin, volumes);
  }

  @Override
  public String toString() {
    return "User[name=" + name + ", uid=" + uid + ", gid=" + gid + ", admin=" + admin
        + ", accessKeyId=" + s3.accessKeyId() + ", tokens=" + tokens.stream().map(ApiToken::id).toList()
        + ", volumes=" + volumes + ", secrets=<redacted>]";
  }
}

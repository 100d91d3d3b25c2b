package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * @param groups the user's supplementary gids (groups of the store), the primary gid not included
 * @param createBuckets whether the user may create buckets ({@link Principal#createBuckets()})
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
    Instant created,
    Set<Integer> groups,
    boolean createBuckets) {

  /** Validates and copies the components. */
  public User {
    requireNonNull(name, "name");
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(ntHash, "ntHash");
    requireNonNull(s3, "s3");
    requireNonNull(created, "created");
    tokens = List.copyOf(tokens);
    volumes = Map.copyOf(new TreeMap<>(volumes));
    groups = Set.copyOf(new TreeSet<>(groups));
  }

  /**
   * Creates a user who may create buckets.
   *
   * @param name see the record
   * @param uid see the record
   * @param gid see the record
   * @param admin see the record
   * @param passwordHash see the record
   * @param ntHash see the record
   * @param s3 see the record
   * @param tokens see the record
   * @param volumes see the record
   * @param created see the record
   * @param groups see the record
   */
  public User(String name, int uid, int gid, boolean admin, Secret passwordHash, Secret ntHash,
      S3Credentials s3, List<ApiToken> tokens, Map<String, Permission> volumes, Instant created,
      Set<Integer> groups) {
    this(name, uid, gid, admin, passwordHash, ntHash, s3, tokens, volumes, created, groups, true);
  }

  /**
   * Creates a user without supplementary groups.
   *
   * @param name see the record
   * @param uid see the record
   * @param gid see the record
   * @param admin see the record
   * @param passwordHash see the record
   * @param ntHash see the record
   * @param s3 see the record
   * @param tokens see the record
   * @param volumes see the record
   * @param created see the record
   */
  public User(String name, int uid, int gid, boolean admin, Secret passwordHash, Secret ntHash,
      S3Credentials s3, List<ApiToken> tokens, Map<String, Permission> volumes, Instant created) {
    this(name, uid, gid, admin, passwordHash, ntHash, s3, tokens, volumes, created, Set.of());
  }

  /**
   * Returns this user with other supplementary groups.
   *
   * @param gids the supplementary gids
   * @return the changed copy
   */
  public User withGroups(Set<Integer> gids) {
    return new User(name, uid, gid, admin, passwordHash, ntHash, s3, tokens, volumes, created,
        gids, createBuckets);
  }

  /**
   * Returns this user with the right to create buckets given or revoked.
   *
   * @param allowed whether the user may create buckets
   * @return the changed copy
   */
  public User withCreateBuckets(boolean allowed) {
    return new User(name, uid, gid, admin, passwordHash, ntHash, s3, tokens, volumes, created,
        groups, allowed);
  }

  /**
   * Returns the credential-free view frontends authorise with.
   *
   * @return the principal of this user
   */
  public Principal principal() {
    return new Principal(name, uid, gid, admin, volumes, groups, createBuckets);
  }

  @Override
  public String toString() {
    return "User[name=" + name + ", uid=" + uid + ", gid=" + gid + ", admin=" + admin
        + ", accessKeyId=" + s3.accessKeyId() + ", tokens=" + tokens.stream().map(ApiToken::id).toList()
        + ", volumes=" + volumes + ", groups=" + groups + ", createBuckets=" + createBuckets
        + ", secrets=<redacted>]";
  }
}

package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.internal.identity.Argon2Passwords;
import dev.estuary.core.internal.identity.NtHash;
import dev.estuary.core.internal.identity.Randoms;
import dev.estuary.core.internal.identity.SecureFiles;
import dev.estuary.core.internal.identity.UserFileCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one user store of a gateway (DESIGN §5), persisted in {@code <data>/users.json} (mode 0600,
 * replaced atomically on every change) with every per-protocol credential: an Argon2id password
 * hash, the NT hash for NTLMv2, an S3 key pair, hashed API bearer tokens, per-volume permissions
 * and the global admin role. It is also the authenticator frontends use.
 *
 * <p>Thread-safe: readers see an immutable snapshot, changes are serialised and written to disk
 * before they become visible. One process owns the file at a time (the launcher's data-directory
 * lock ensures it). Nothing here logs a secret.
 */
public final class UserStore {
  /** The file name inside the data directory. */
  public static final String FILE_NAME = "users.json";

  /**
   * The uid given to the first user when none is asked for; later users get the next one above
   * every uid and gid ever given, so a deleted user's uid is never handed out again.
   */
  public static final int FIRST_UID = 1000;

  private static final Logger log = LoggerFactory.getLogger(UserStore.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}");
  private static final Pattern ACCESS_KEY = Pattern.compile("[A-Za-z0-9]{16,128}");
  private static final Pattern SECRET_KEY = Pattern.compile("[\\x21-\\x7e]{16,128}");
  private static final int MIN_PASSWORD = 8;

  private final Path file;
  private final Clock clock;
  private final SecureRandom random;
  private final UserFileCodec codec = new UserFileCodec();
  private volatile Map<String, User> users;
  /**
   * The uid high-water mark, persisted in the file: the next uid to give when none is asked for,
   * above every uid and gid a user of this store has had, deleted users included. Without it a
   * user deleted and another added would get the old uid, and with it the files the old user
   * left (issue 8).
   */
  private long nextUid;

  private UserStore(Path file, Clock clock, SecureRandom random, Map<String, User> users, long nextUid) {
    this.file = file;
    this.clock = clock;
    this.random = random;
    this.users = users;
    this.nextUid = nextUid;
  }

  /**
   * Opens the store of a data directory, creating the directory (mode 0700) if needed. A missing
   * file is an empty store; the file is written on the first change.
   *
   * @param dataDirectory the data directory
   * @param clock the time source for creation times
   * @param random the source of salts, keys and tokens
   * @return the store
   * @throws UncheckedIOException naming the file if it cannot be read or is malformed
   */
  public static UserStore open(Path dataDirectory, Clock clock, SecureRandom random) {
    Path file = dataDirectory.resolve(FILE_NAME);
    UserFileCodec codec = new UserFileCodec();
    Map<String, User> users = new TreeMap<>();
    long mark = FIRST_UID;
    try {
      SecureFiles.ensurePrivateDirectory(dataDirectory);
      UserFileCodec.Contents contents = codec.read(Files.readAllBytes(file), file.toString());
      for (User u : contents.users()) {
        users.put(u.name(), u);
        mark = above(mark, u);
      }
      // A file written before the mark existed: the highest id in use is the best knowledge left.
      mark = Math.max(mark, contents.nextUid().orElse(FIRST_UID));
    } catch (NoSuchFileException e) {
      // A fresh data directory: no users yet.
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return new UserStore(file, clock, random, users, mark);
  }

  /** The mark raised above a user's uid and gid (unsigned 32-bit values). */
  private static long above(long mark, User u) {
    return Math.max(mark, Math.max(Integer.toUnsignedLong(u.uid()), Integer.toUnsignedLong(u.gid())) + 1);
  }

  /**
   * Returns the file the store lives in.
   *
   * @return {@code <data>/users.json}
   */
  public Path file() {
    return file;
  }

  /**
   * Returns all users in name order.
   *
   * @return an immutable list
   */
  public List<User> list() {
    return List.copyOf(users.values());
  }

  /**
   * Finds a user by name.
   *
   * @param name the user name
   * @return the user, if present
   */
  public Optional<User> find(String name) {
    return Optional.ofNullable(users.get(name));
  }

  /**
   * Adds a user with fresh credentials derived from the password.
   *
   * @param name the user name: 1-64 of letters, digits, {@code _ . @ -}, not starting with {@code .},
   *     {@code @} or {@code -}
   * @param password at least 8 characters
   * @param uid the POSIX uid, or empty for the next one never given (from {@link #FIRST_UID})
   * @param gid the POSIX gid, or empty for the same as the uid
   * @param admin whether to give the global admin role
   * @param s3 the S3 key pair to use, or null for a random one
   * @return the new user
   * @throws IllegalArgumentException naming the bad value, or a user or key that already exists
   */
  public synchronized User add(
      String name, String password, OptionalInt uid, OptionalInt gid, boolean admin,
      @Nullable S3Credentials s3) {
    checkName(name);
    checkPassword(password);
    if (users.containsKey(name)) {
      throw new IllegalArgumentException("user: '" + name + "' already exists (expected: a new name)");
    }
    S3Credentials keys = s3 != null ? s3 : newKeys();
    checkKeys(keys);
    if (users.values().stream().anyMatch(u -> u.s3().accessKeyId().equals(keys.accessKeyId()))) {
      throw new IllegalArgumentException(
          "access key id: '" + keys.accessKeyId() + "' is in use (expected: a unique id)");
    }
    if (uid.isEmpty() && nextUid > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException(
          "uid: every uid up to 4294967294 has been given (expected: an explicit --uid)");
    }
    int u = uid.orElse((int) nextUid);
    User user =
        new User(name, u, gid.orElse(u), admin,
            new Secret(Argon2Passwords.hash(password, random)), new Secret(NtHash.of(password)),
            keys, List.of(), Map.of(), clock.instant());
    Map<String, User> next = new TreeMap<>(users);
    next.put(name, user);
    long mark = above(nextUid, user);
    commit(next, mark);
    nextUid = mark;
    log.info("user added name={} uid={} admin={}", name, u, admin);
    return user;
  }

  /**
   * Deletes a user and all their credentials.
   *
   * @param name the user name
   * @throws IllegalArgumentException if there is no such user
   */
  public synchronized void delete(String name) {
    require(name);
    Map<String, User> next = new TreeMap<>(users);
    next.remove(name);
    commit(next);
    log.info("user deleted name={}", name);
  }

  /**
   * Sets a new password, rederiving the password hash and the NT hash.
   *
   * @param name the user name
   * @param password at least 8 characters
   */
  public synchronized void setPassword(String name, String password) {
    checkPassword(password);
    update(name, u -> new User(u.name(), u.uid(), u.gid(), u.admin(),
        new Secret(Argon2Passwords.hash(password, random)), new Secret(NtHash.of(password)),
        u.s3(), u.tokens(), u.volumes(), u.created()));
    log.info("password changed name={}", name);
  }

  /**
   * Replaces a user's S3 key pair with a random one.
   *
   * @param name the user name
   * @return the new key pair
   */
  public synchronized S3Credentials rotateS3Keys(String name) {
    S3Credentials keys = newKeys();
    update(name, u -> new User(u.name(), u.uid(), u.gid(), u.admin(), u.passwordHash(), u.ntHash(),
        keys, u.tokens(), u.volumes(), u.created()));
    log.info("s3 keys rotated name={} accessKeyId={}", name, keys.accessKeyId());
    return keys;
  }

  /**
   * Creates an API bearer token. Only its SHA-256 is stored; the token is returned once.
   *
   * @param name the user name
   * @param description what the token is for
   * @return the token id and the token itself
   */
  public synchronized IssuedToken createToken(String name, String description) {
    String id = Randoms.base62(random, 8);
    String token = "est_" + id + "_" + Randoms.base62(random, 40);
    ApiToken stored = new ApiToken(id, new Secret(sha256(token)), clock.instant(), description);
    update(name, u -> {
      List<ApiToken> tokens = new ArrayList<>(u.tokens());
      tokens.add(stored);
      return new User(u.name(), u.uid(), u.gid(), u.admin(), u.passwordHash(), u.ntHash(), u.s3(),
          tokens, u.volumes(), u.created());
    });
    log.info("token created name={} tokenId={}", name, id);
    return new IssuedToken(id, new Secret(token));
  }

  /**
   * Revokes an API token.
   *
   * @param name the user name
   * @param tokenId the token's id
   * @throws IllegalArgumentException if the user has no such token
   */
  public synchronized void revokeToken(String name, String tokenId) {
    User u = require(name);
    if (u.tokens().stream().noneMatch(t -> t.id().equals(tokenId))) {
      throw new IllegalArgumentException(
          "token: '" + tokenId + "' (expected: one of user '" + name + "': "
              + u.tokens().stream().map(ApiToken::id).toList() + ")");
    }
    update(name, x -> new User(x.name(), x.uid(), x.gid(), x.admin(), x.passwordHash(), x.ntHash(),
        x.s3(), x.tokens().stream().filter(t -> !t.id().equals(tokenId)).toList(), x.volumes(),
        x.created()));
    log.info("token revoked name={} tokenId={}", name, tokenId);
  }

  /**
   * Grants a permission on a volume, replacing any earlier grant there, or removes the grant.
   *
   * @param name the user name
   * @param volume a volume name, or {@link Authorizer#ALL_VOLUMES}
   * @param permission the permission, or null to remove the grant
   */
  public synchronized void grant(String name, String volume, @Nullable Permission permission) {
    requireNonNull(volume, "volume");
    update(name, u -> {
      Map<String, Permission> vols = new TreeMap<>(u.volumes());
      if (permission == null) {
        vols.remove(volume);
      } else {
        vols.put(volume, permission);
      }
      return new User(u.name(), u.uid(), u.gid(), u.admin(), u.passwordHash(), u.ntHash(), u.s3(),
          u.tokens(), vols, u.created());
    });
    log.info("grant changed name={} volume={} permission={}", name, volume, permission);
  }

  /**
   * Authenticates a user name and password (Argon2id, constant-time compare).
   *
   * @param name the user name
   * @param password the password
   * @return the principal if the password is right
   */
  public Optional<Principal> authenticatePassword(String name, String password) {
    User u = users.get(name);
    if (u == null) {
      // Spend the same time as a real check, so timing does not reveal which names exist.
      Argon2Passwords.verify(DUMMY_HASH, password);
      return Optional.empty();
    }
    return Argon2Passwords.verify(u.passwordHash().reveal(), password)
        ? Optional.of(u.principal())
        : Optional.empty();
  }

  /**
   * Looks up the owner and secret of an S3 access key id, for SigV4 verification.
   *
   * @param accessKeyId the key id from the request
   * @return the principal and the secret key, if the id exists
   */
  public Optional<S3Identity> s3Identity(String accessKeyId) {
    for (User u : users.values()) {
      if (u.s3().accessKeyId().equals(accessKeyId)) {
        return Optional.of(new S3Identity(u.principal(), u.s3().secretKey()));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns a user's NT hash, for NTLMv2 verification.
   *
   * @param name the user name
   * @return the principal and the 16-byte NT hash as lower-case hex, if the user exists
   */
  public Optional<NtIdentity> ntIdentity(String name) {
    User u = users.get(name);
    return u == null ? Optional.empty() : Optional.of(new NtIdentity(u.principal(), u.ntHash()));
  }

  /**
   * Authenticates an API bearer token.
   *
   * @param token the token as presented
   * @return the owner's principal if the token is valid
   */
  public Optional<Principal> authenticateToken(String token) {
    String hash = sha256(token);
    Optional<Principal> found = Optional.empty();
    // Compare against every token in constant time each, without an early exit.
    for (User u : users.values()) {
      for (ApiToken t : u.tokens()) {
        if (t.sha256().matches(hash)) {
          found = Optional.of(u.principal());
        }
      }
    }
    return found;
  }

  /**
   * Finds the user with a uid, for NFS AUTH_SYS.
   *
   * @param uid the uid
   * @return the principal, if a user has that uid
   */
  public Optional<Principal> principalByUid(int uid) {
    return users.values().stream().filter(u -> u.uid() == uid).findFirst().map(User::principal);
  }

  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private S3Credentials newKeys() {
    return new S3Credentials(Randoms.accessKeyId(random), new Secret(Randoms.secretKey(random)));
  }

  private User require(String name) {
    User u = users.get(name);
    if (u == null) {
      throw new IllegalArgumentException("user: '" + name + "' (expected: an existing user)");
    }
    return u;
  }

  private void update(String name, UnaryOperator<User> change) {
    User u = require(name);
    Map<String, User> next = new TreeMap<>(users);
    next.put(name, change.apply(u));
    commit(next);
  }

  private void commit(Map<String, User> next) {
    commit(next, nextUid);
  }

  private void commit(Map<String, User> next, long mark) {
    try {
      SecureFiles.writeAtomically(file, codec.write(List.copyOf(next.values()), mark));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
    users = next;
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "user name: '" + name + "' (expected: 1-64 of A-Z a-z 0-9 _ . @ -, not starting with . @ -)");
    }
  }

  private static void checkPassword(String password) {
    if (password.length() < MIN_PASSWORD) {
      throw new IllegalArgumentException(
          "password: " + password.length() + " characters (expected: at least " + MIN_PASSWORD + ")");
    }
  }

  private static void checkKeys(S3Credentials keys) {
    if (!ACCESS_KEY.matcher(keys.accessKeyId()).matches()) {
      throw new IllegalArgumentException(
          "access key id: '" + keys.accessKeyId() + "' (expected: 16-128 letters or digits)");
    }
    if (!SECRET_KEY.matcher(keys.secretKey().reveal()).matches()) {
      throw new IllegalArgumentException(
          "secret key: " + keys.secretKey().reveal().length()
              + " characters (expected: 16-128 printable ASCII characters, no spaces)");
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}

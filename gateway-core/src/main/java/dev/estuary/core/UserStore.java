package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.internal.identity.Argon2Passwords;
import dev.estuary.core.internal.identity.NtHash;
import dev.estuary.core.internal.identity.Randoms;
import dev.estuary.core.internal.identity.SecureFiles;
import dev.estuary.core.internal.identity.UserFileCodec;
import dev.estuary.dfs.CaseFolding;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one user store of a gateway (DESIGN §5) and the file-backed {@link IdentityService},
 * persisted in {@code <data>/users.json} (mode 0600, replaced atomically on every change) with
 * every per-protocol credential: an Argon2id password hash, the NT hash for NTLMv2, an S3 key pair,
 * hashed API bearer tokens, per-volume permissions and the global admin role; with the groups
 * (name, gid, members), the installation's domain SID (generated at first start) and the NFS
 * export rules of each volume. Gids of groups are never given twice: a high-water mark and the
 * gids of deleted groups are kept in the file.
 *
 * <p>Thread-safe: readers see an immutable snapshot, changes are serialised and written to disk
 * before they become visible. One process owns the file at a time (the launcher's data-directory
 * lock ensures it). Nothing here logs a secret.
 */
public final class UserStore implements IdentityService {
  /** The file name inside the data directory. */
  public static final String FILE_NAME = "users.json";

  /**
   * The uid given to the first user when none is asked for; later users get the next one above
   * every uid and gid ever given, so a deleted user's uid is never handed out again.
   */
  public static final int FIRST_UID = 1000;

  /**
   * The gid given to the first group when none is asked for; later groups get the next one never
   * used. Far above {@link #FIRST_UID}, so groups stay clear of the private groups of users (whose
   * gid is their uid by default).
   */
  public static final int FIRST_GID = 100_000;

  private static final Logger log = LoggerFactory.getLogger(UserStore.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}");
  private static final Pattern ACCESS_KEY = Pattern.compile("[A-Za-z0-9]{16,128}");
  private static final Pattern SECRET_KEY = Pattern.compile("[\\x21-\\x7e]{16,128}");
  private static final int MIN_PASSWORD = 8;

  private final Path file;
  private final Clock clock;
  private final SecureRandom random;
  private final UserFileCodec codec = new UserFileCodec();
  private volatile State state;
  private volatile long generation;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

  /**
   * One consistent snapshot of everything the file holds; replaced whole on every change. {@code
   * nextUid} is the uid high-water mark, persisted in the file: the next uid to give when none is
   * asked for, above every uid and gid a user of this store has had, deleted users included.
   * Without it a user deleted and another added would get the old uid, and with it the files the
   * old user left (issue 8).
   */
  private record State(Sid domainSid, long nextGid, Set<Integer> retiredGids,
      Map<String, Integer> groups, Map<String, List<NfsExportRule>> nfsExports,
      Map<String, User> users, long nextUid) {
    State withUsers(Map<String, User> next) {
      return new State(domainSid, nextGid, retiredGids, groups, nfsExports, next, nextUid);
    }

    State withUsers(Map<String, User> next, long mark) {
      return new State(domainSid, nextGid, retiredGids, groups, nfsExports, next, mark);
    }
  }

  private UserStore(Path file, Clock clock, SecureRandom random, State state) {
    this.file = file;
    this.clock = clock;
    this.random = random;
    this.state = state;
  }

  /**
   * Opens the store of a data directory, creating the directory (mode 0700) if needed. A missing
   * file is an empty store. A store without a domain SID (a new data directory, or a version 1
   * file) gets a random one, written at once so it never changes afterwards.
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
    UserFileCodec.Content content = null;
    try {
      SecureFiles.ensurePrivateDirectory(dataDirectory);
      content = codec.read(Files.readAllBytes(file), file.toString());
      for (User u : content.users()) {
        users.put(u.name(), u);
        mark = above(mark, u);
      }
      // A file written before the mark existed: the highest id in use is the best knowledge left.
      mark = Math.max(mark, content.nextUid().orElse(FIRST_UID));
    } catch (NoSuchFileException e) {
      // A fresh data directory: no users yet.
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    if (content != null && content.domainSid() != null) {
      return new UserStore(file, clock, random, new State(content.domainSid(),
          Math.max(FIRST_GID, content.nextGid()), content.retiredGids(), content.groups(),
          content.nfsExports(), users, mark));
    }
    State fresh = content == null
        ? new State(Sid.randomDomain(random), FIRST_GID, Set.of(), Map.of(), Map.of(), users, mark)
        : new State(Sid.randomDomain(random), Math.max(FIRST_GID, content.nextGid()),
            content.retiredGids(), content.groups(), content.nfsExports(), users, mark);
    UserStore store = new UserStore(file, clock, random, fresh);
    synchronized (store) {
      store.commit(fresh);
    }
    log.info("domain SID created sid={}", fresh.domainSid());
    return store;
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
    return List.copyOf(state.users().values());
  }

  /**
   * Finds a user by name.
   *
   * @param name the user name
   * @return the user, if present
   */
  public Optional<User> find(String name) {
    return Optional.ofNullable(state.users().get(name));
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
    Map<String, User> users = state.users();
    if (state.groups().containsKey(name)) {
      throw new IllegalArgumentException(
          "user: '" + name + "' is the name of a group (expected: a name no user or group has)");
    }
    if (users.containsKey(name)) {
      throw new IllegalArgumentException("user: '" + name + "' already exists (expected: a new name)");
    }
    S3Credentials keys = s3 != null ? s3 : newKeys();
    checkKeys(keys);
    if (users.values().stream().anyMatch(u -> u.s3().accessKeyId().equals(keys.accessKeyId()))) {
      throw new IllegalArgumentException(
          "access key id: '" + keys.accessKeyId() + "' is in use (expected: a unique id)");
    }
    if (uid.isEmpty() && state.nextUid() > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException(
          "uid: every uid up to 4294967294 has been given (expected: an explicit --uid)");
    }
    int u = uid.orElse((int) state.nextUid());
    if (gid.isEmpty() && state.groups().containsValue(u)) {
      // The private group the user would get is a shared group already: say so rather than
      // silently making the user a member.
      throw new IllegalArgumentException("gid: " + Integer.toUnsignedString(u)
          + " (the default, the uid) belongs to group '" + groupName(u)
          + "' (expected: --gid naming the primary group explicitly)");
    }
    User user =
        new User(name, u, gid.orElse(u), admin,
            new Secret(Argon2Passwords.hash(password, random)), new Secret(NtHash.of(password)),
            keys, List.of(), Map.of(), clock.instant());
    Map<String, User> next = new TreeMap<>(users);
    next.put(name, user);
    commit(state.withUsers(next, above(state.nextUid(), user)));
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
    Map<String, User> next = new TreeMap<>(state.users());
    next.remove(name);
    commit(state.withUsers(next));
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
        u.s3(), u.tokens(), u.volumes(), u.created(), u.groups(), u.createBuckets()));
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
        keys, u.tokens(), u.volumes(), u.created(), u.groups(), u.createBuckets()));
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
          tokens, u.volumes(), u.created(), u.groups(), u.createBuckets());
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
        x.created(), x.groups(), x.createBuckets()));
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
          u.tokens(), vols, u.created(), u.groups(), u.createBuckets());
    });
    log.info("grant changed name={} volume={} permission={}", name, volume, permission);
  }

  /**
   * Gives or revokes a user's right to create buckets ({@link Principal#createBuckets()}).
   *
   * @param name the user name
   * @param allowed whether the user may create buckets
   */
  public synchronized void setCreateBuckets(String name, boolean allowed) {
    update(name, u -> u.withCreateBuckets(allowed));
    log.info("create-buckets right changed name={} allowed={}", name, allowed);
  }

  /**
   * Authenticates a user name and password (Argon2id, constant-time compare).
   *
   * @param name the user name
   * @param password the password
   * @return the principal if the password is right
   */
  @Override
  public Optional<Principal> authenticatePassword(String name, String password) {
    User u = state.users().get(name);
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
  @Override
  public Optional<S3Identity> s3Identity(String accessKeyId) {
    for (User u : state.users().values()) {
      if (u.s3().accessKeyId().equals(accessKeyId)) {
        return Optional.of(new S3Identity(u.principal(), u.s3().secretKey()));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<NtIdentity> ntIdentity(String name) {
    Map<String, User> users = state.users();
    User u = users.get(name);
    if (u == null) {
      List<User> folded = users.values().stream()
          .filter(x -> CaseFolding.equalsIgnoreCase(x.name(), name)).toList();
      u = folded.size() == 1 ? folded.getFirst() : null;
    }
    return u == null ? Optional.empty() : Optional.of(new NtIdentity(u.principal(), u.ntHash()));
  }

  /**
   * Authenticates an API bearer token.
   *
   * @param token the token as presented
   * @return the owner's principal if the token is valid
   */
  @Override
  public Optional<Principal> authenticateToken(String token) {
    String hash = sha256(token);
    Optional<Principal> found = Optional.empty();
    // Compare against every token in constant time each, without an early exit.
    for (User u : state.users().values()) {
      for (ApiToken t : u.tokens()) {
        if (t.sha256().matches(hash)) {
          found = Optional.of(u.principal());
        }
      }
    }
    return found;
  }

  @Override
  public Optional<Principal> principalByUid(int uid) {
    return state.users().values().stream().filter(u -> u.uid() == uid).findFirst()
        .map(User::principal);
  }

  @Override
  public Optional<Principal> principal(String name) {
    return find(name).map(User::principal);
  }

  @Override
  public Optional<Group> group(String name) {
    State s = state;
    Integer gid = s.groups().get(name);
    return gid == null ? Optional.empty() : Optional.of(groupOf(s, name, gid));
  }

  @Override
  public Optional<Group> groupByGid(int gid) {
    State s = state;
    return s.groups().entrySet().stream().filter(e -> e.getValue() == gid).findFirst()
        .map(e -> groupOf(s, e.getKey(), gid));
  }

  @Override
  public SidMapping sids() {
    return new SidMapping(state.domainSid());
  }

  @Override
  public long generation() {
    return generation;
  }

  /**
   * Calls a listener with the new {@link #generation()} after every change, once the change is on
   * disk and visible (node mode's identity service pushes it to the frontend processes, which
   * drop their caches). Calls are serialised, in the order of the changes, on the changing thread
   * and under the store's lock: the listener must not block or change the store.
   *
   * @param listener receives the new generation
   * @return running it removes the listener
   */
  public Runnable onChange(LongConsumer listener) {
    requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public List<NfsExportRule> nfsExportRules(String volume) {
    return state.nfsExports().getOrDefault(volume, List.of());
  }

  /**
   * Returns every group in name order.
   *
   * @return the groups with their members
   */
  public List<Group> groups() {
    State s = state;
    return s.groups().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> groupOf(s, e.getKey(), e.getValue())).toList();
  }

  /**
   * Returns the NFS export rules of every exported volume.
   *
   * @return rules by volume name, in name order
   */
  public Map<String, List<NfsExportRule>> nfsExports() {
    return new TreeMap<>(state.nfsExports());
  }

  /**
   * Adds a group.
   *
   * @param name the group name (the rules of user names), unique among users and groups
   * @param gid the gid, or empty for the next never-used one from {@link #FIRST_GID}
   * @return the new group
   * @throws IllegalArgumentException naming the bad value: a bad or taken name, a gid another group
   *     has or had
   */
  public synchronized Group addGroup(String name, OptionalInt gid) {
    checkName(name, "group name");
    State s = state;
    if (s.groups().containsKey(name) || s.users().containsKey(name)) {
      throw new IllegalArgumentException("group: '" + name + "' is taken by a "
          + (s.groups().containsKey(name) ? "group" : "user")
          + " (expected: a name no user or group has)");
    }
    int g;
    long next = s.nextGid();
    if (gid.isPresent()) {
      g = gid.getAsInt();
      if (s.groups().containsValue(g)) {
        throw new IllegalArgumentException("gid: " + Integer.toUnsignedString(g) + " is group '"
            + groupName(g) + "' (expected: a gid no group has)");
      }
      if (s.retiredGids().contains(g)) {
        throw new IllegalArgumentException("gid: " + Integer.toUnsignedString(g)
            + " belonged to a deleted group (expected: a gid never given to a group; files may"
            + " still carry it)");
      }
      next = Math.max(next, Integer.toUnsignedLong(g) + 1);
    } else {
      long candidate = next;
      while (candidate <= 0xFFFF_FFFFL && isUserGid(s, (int) candidate)) {
        candidate++;
      }
      if (candidate > 0xFFFF_FFFEL) {
        throw new IllegalArgumentException("gid: none left above " + next
            + " (expected: --gid naming a free one)");
      }
      g = (int) candidate;
      next = candidate + 1;
    }
    Map<String, Integer> groups = new TreeMap<>(s.groups());
    groups.put(name, g);
    commit(new State(s.domainSid(), next, s.retiredGids(), groups, s.nfsExports(), s.users(), s.nextUid()));
    log.info("group added name={} gid={}", name, Integer.toUnsignedString(g));
    return new Group(name, g, List.of());
  }

  /**
   * Deletes a group: its members lose it and its gid is never given to a group again.
   *
   * @param name the group name
   * @throws IllegalArgumentException if there is no such group
   */
  public synchronized void deleteGroup(String name) {
    State s = state;
    int gid = requireGroup(s, name);
    Map<String, Integer> groups = new TreeMap<>(s.groups());
    groups.remove(name);
    Map<String, User> users = new TreeMap<>(s.users());
    users.replaceAll((n, u) -> {
      if (!u.groups().contains(gid)) {
        return u;
      }
      Set<Integer> left = new TreeSet<>(u.groups());
      left.remove(gid);
      return u.withGroups(left);
    });
    Set<Integer> retired = new TreeSet<>(s.retiredGids());
    retired.add(gid);
    commit(new State(s.domainSid(), s.nextGid(), retired, groups, s.nfsExports(), users, s.nextUid()));
    log.info("group deleted name={} gid={}", name, Integer.toUnsignedString(gid));
  }

  /**
   * Makes a user a member of a group (a supplementary group).
   *
   * @param group the group name
   * @param user the user name
   * @param member true to add the membership, false to remove it
   * @throws IllegalArgumentException if the group or user does not exist
   */
  public synchronized void setMember(String group, String user, boolean member) {
    int gid = requireGroup(state, group);
    update(user, u -> {
      Set<Integer> gids = new TreeSet<>(u.groups());
      if (member) {
        gids.add(gid);
      } else {
        gids.remove(gid);
      }
      return u.withGroups(gids);
    });
    log.info("group membership changed group={} user={} member={}", group, user, member);
  }

  /**
   * Adds or replaces (same client range) an NFS export rule of a volume.
   *
   * @param volume the volume name
   * @param rule the rule
   */
  public synchronized void putNfsExport(String volume, NfsExportRule rule) {
    State s = state;
    List<NfsExportRule> rules = new ArrayList<>(s.nfsExports().getOrDefault(volume, List.of()));
    rules.removeIf(r -> r.clients().equals(rule.clients()));
    rules.add(rule);
    rules.sort(Comparator.comparing((NfsExportRule r) -> r.clients().cidr()));
    Map<String, List<NfsExportRule>> exports = new TreeMap<>(s.nfsExports());
    exports.put(volume, List.copyOf(rules));
    commit(new State(s.domainSid(), s.nextGid(), s.retiredGids(), s.groups(), exports, s.users(), s.nextUid()));
    log.info("nfs export set volume={} rule={}", volume, rule.describe());
  }

  /**
   * Removes the NFS export rule of one client range, or every rule of the volume.
   *
   * @param volume the volume name
   * @param clients the range whose rule goes, or null to close the volume to every client
   * @throws IllegalArgumentException if the volume has no rule for that range
   */
  public synchronized void removeNfsExport(String volume, @Nullable ClientRange clients) {
    State s = state;
    List<NfsExportRule> rules = new ArrayList<>(s.nfsExports().getOrDefault(volume, List.of()));
    if (clients != null && !rules.removeIf(r -> r.clients().equals(clients))) {
      throw new IllegalArgumentException("clients: '" + clients + "' (expected: one of the export"
          + " rules of volume '" + volume + "': "
          + rules.stream().map(r -> r.clients().cidr()).toList() + ")");
    }
    Map<String, List<NfsExportRule>> exports = new TreeMap<>(s.nfsExports());
    if (clients == null || rules.isEmpty()) {
      exports.remove(volume);
    } else {
      exports.put(volume, List.copyOf(rules));
    }
    commit(new State(s.domainSid(), s.nextGid(), s.retiredGids(), s.groups(), exports, s.users(), s.nextUid()));
    log.info("nfs export removed volume={} clients={}", volume, clients == null ? "all" : clients);
  }

  private static Group groupOf(State s, String name, int gid) {
    return new Group(name, gid, s.users().values().stream()
        .filter(u -> u.groups().contains(gid)).map(User::name).toList());
  }

  private static boolean isUserGid(State s, int gid) {
    return s.users().values().stream().anyMatch(u -> u.gid() == gid || u.uid() == gid);
  }

  private String groupName(int gid) {
    return state.groups().entrySet().stream().filter(e -> e.getValue() == gid)
        .map(Map.Entry::getKey).findFirst().orElse("?");
  }

  private static int requireGroup(State s, String name) {
    Integer gid = s.groups().get(name);
    if (gid == null) {
      throw new IllegalArgumentException("group: '" + name + "' (expected: an existing group)");
    }
    return gid;
  }

  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private S3Credentials newKeys() {
    return new S3Credentials(Randoms.accessKeyId(random), new Secret(Randoms.secretKey(random)));
  }

  private User require(String name) {
    User u = state.users().get(name);
    if (u == null) {
      throw new IllegalArgumentException("user: '" + name + "' (expected: an existing user)");
    }
    return u;
  }

  private void update(String name, UnaryOperator<User> change) {
    User u = require(name);
    Map<String, User> next = new TreeMap<>(state.users());
    next.put(name, change.apply(u));
    commit(state.withUsers(next));
  }

  private void commit(State next) {
    try {
      SecureFiles.writeAtomically(file, codec.write(new UserFileCodec.Content(next.domainSid(),
          next.nextGid(), next.retiredGids(), next.groups(), next.nfsExports(),
          List.copyOf(next.users().values()), OptionalLong.of(next.nextUid()))));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
    generation++; // only under the store's lock: commits are serialised
    state = new State(next.domainSid(), next.nextGid(), Set.copyOf(next.retiredGids()),
        Map.copyOf(next.groups()), Map.copyOf(next.nfsExports()),
        Collections.unmodifiableSortedMap(new TreeMap<>(next.users())), next.nextUid());
    for (LongConsumer l : listeners) {
      try {
        l.accept(generation);
      } catch (RuntimeException e) {
        // The change is committed; a listener's failure must not make it look as if it failed.
        log.warn("user store listener failed error={}", e.toString());
      }
    }
  }

  private static void checkName(String name) {
    checkName(name, "user name");
  }

  private static void checkName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + ": '" + name
          + "' (expected: 1-64 of A-Z a-z 0-9 _ . @ -, not starting with . @ -)");
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

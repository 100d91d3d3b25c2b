package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.ObjectMetaCodec;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * S3 object versioning (S3 User Guide, "Retaining multiple versions of objects with S3
 * Versioning") on the namespace mapping of DESIGN §2.
 *
 * <p><b>State.</b> A bucket's versioning state is the extended attribute {@value #STATE_XATTR} of
 * the volume root (as the CORS configuration is): absent for a bucket that never had versioning,
 * else {@code Enabled} or {@code Suspended}. Once enabled, a bucket never returns to unversioned.
 *
 * <p><b>Where versions live.</b> The <em>current</em> version of a key stays the file at the key's
 * path, so SMB, NFS and the dataset service see exactly the current versions and nothing else.
 * Noncurrent versions and delete markers live in the reserved area {@value
 * ReservedNames#S3_VERSIONS} at the volume root, which every protocol hides and refuses ({@link
 * ReservedNames}); a version gets there by a rename of the current file (no data copied) when a
 * PUT, COPY, CompleteMultipartUpload or DELETE replaces it. Inside the area, the versions of key
 * {@code s1/s2/.../sN} are the files of the directory {@code s1/+/s2/+/.../+/sN}: each key's
 * directory holds its versions and, in a sub-directory named {@value #CHILDREN}, the directories
 * of the keys below it. A version file's name is never {@value #CHILDREN} (see below), so a key
 * segment can never collide with a version, and "all versions of a key, newest first" is one
 * directory read.
 *
 * <p><b>Version ids and entry names.</b> A version id is 32 lowercase hex digits: 16 of an
 * <em>inverted</em> stamp ({@code Long.MAX_VALUE} minus microseconds since the epoch, made strictly
 * increasing per process) and 16 random ones. An area entry is named {@code stamp + kind + tail},
 * where {@code kind} is {@code v} (a version) or {@code m} (a delete marker) and {@code tail} the
 * random half of the id, or {@code null} for the {@code null} version. Directory listings are in
 * byte order, so they come newest first; the kind and the null-ness are known from the listing
 * alone. The version id is also kept in the object's metadata ({@link ObjectMeta#versionId()}),
 * which is what the current file carries. A {@code null} version that moves into the area gets a
 * fresh stamp: it was current until then, so it is newer than every entry already there.
 *
 * <p><b>Files other protocols write.</b> A file written or rewritten through another protocol has
 * no version id in its (still valid) metadata, so S3 shows it as the {@code null} version. An
 * in-place overwrite through NFS or SMB replaces the current version's bytes: no older version is
 * kept, since those protocols have no point at which a version could be cut.
 *
 * <p><b>Crashes and concurrency.</b> Every change of a key's versions (archive the current one,
 * link the new one, add a marker, restore a version) runs under a per-key lock, one process
 * serving a volume. The steps are ordered so that nothing acknowledged is lost: the current
 * version is renamed into the area before the new one is linked, so a crash in between leaves the
 * old version as the newest entry of the area (listed as the latest, no file at the key) and the
 * new, unacknowledged object dropped; a {@code null} version in the area is removed only after the
 * new one is linked.
 */
public final class Versions {
  /** The attribute on the volume root that holds the state. */
  public static final String STATE_XATTR = "estuary.s3.versioning";
  /** In a key's directory of the area, the directory holding the directories of deeper keys. */
  static final String CHILDREN = "+";
  /** The version id of the {@code null} version. */
  public static final String NULL = "null";

  private static final int STAMP = 16;
  private static final int ID = 32;
  private static final char VERSION = 'v';
  private static final char MARKER = 'm';
  private static final int BATCH = 1000;

  /** A bucket's versioning state (S3 API Reference, GetBucketVersioning). */
  public enum State {
    /** Versioning was never enabled: objects have the {@code null} version only. */
    UNVERSIONED,
    /** Every write gets a new version id; deletes add delete markers. */
    ENABLED,
    /** Writes replace the {@code null} version; existing versions are kept. */
    SUSPENDED;

    /**
     * Returns the {@code Status} value of the XML.
     *
     * @return {@code Enabled}, {@code Suspended}, or null for unversioned
     */
    public @Nullable String status() {
      return switch (this) {
        case UNVERSIONED -> null;
        case ENABLED -> "Enabled";
        case SUSPENDED -> "Suspended";
      };
    }
  }

  /**
   * One version of a key, current or in the area.
   *
   * @param key the key
   * @param versionId its id, {@link #NULL} for the {@code null} version
   * @param deleteMarker whether it is a delete marker
   * @param current whether it is the file at the key's path
   * @param parent the directory holding it (the key's directory, or its area directory)
   * @param name its entry name there
   * @param attributes its attributes
   */
  public record Version(KeyPath key, String versionId, boolean deleteMarker, boolean current,
      ObjectId parent, String name, Attributes attributes) {
    /**
     * Returns whether this is the {@code null} version.
     *
     * @return whether its id is {@code null}
     */
    public boolean isNull() {
      return versionId.equals(NULL);
    }
  }

  /**
   * A write published.
   *
   * @param attributes the new current object
   * @param versionId its version id ({@link #NULL} in a suspended bucket), or null in a bucket that
   *     never had versioning (no {@code x-amz-version-id} header then)
   */
  public record Published(Attributes attributes, @Nullable String versionId) {}

  /**
   * What a DeleteObject did, for its {@code x-amz-delete-marker} and {@code x-amz-version-id}
   * headers.
   *
   * @param deleteMarker whether a delete marker was created or removed
   * @param versionId the version created or removed, or null (nothing to report)
   */
  public record Deleted(boolean deleteMarker, @Nullable String versionId) {}

  private final UploadLocks locks = new UploadLocks();
  private final AtomicLong lastMicros = new AtomicLong();
  private final SecureRandom random = new SecureRandom();

  /** Creates the versioning service: its per-key locks and its version id source. */
  public Versions() {}

  // ---------------------------------------------------------------- state

  /**
   * Returns a bucket's versioning state.
   *
   * @param bucket the bucket's volume
   * @return the state
   */
  public static State state(Volume bucket) {
    // Asked on every PUT, GET and HEAD: no exception for unversioned buckets (Xattrs).
    Optional<byte[]> stored = Xattrs.get(bucket, bucket.root(), STATE_XATTR);
    if (stored.isEmpty()) {
      return State.UNVERSIONED;
    }
    byte[] raw = stored.get();
    String s = new String(raw, StandardCharsets.US_ASCII);
    return switch (s) {
      case "Enabled" -> State.ENABLED;
      case "Suspended" -> State.SUSPENDED;
      default -> throw new DfsException(ErrorKind.IO_ERROR, STATE_XATTR + ": '" + s
          + "' (expected: Enabled or Suspended)");
    };
  }

  /**
   * Sets a bucket's versioning state, durably.
   *
   * @param bucket the bucket's volume
   * @param state {@link State#ENABLED} or {@link State#SUSPENDED}
   */
  public static void setState(Volume bucket, State state) {
    String s = state.status();
    if (s == null) {
      throw new IllegalArgumentException("state: UNVERSIONED (expected: ENABLED or SUSPENDED;"
          + " a bucket never returns to unversioned)");
    }
    bucket.setXattr(bucket.root(), STATE_XATTR, s.getBytes(StandardCharsets.US_ASCII),
        XattrMode.UPSERT);
    bucket.syncNamespace();
  }

  // ---------------------------------------------------------------- ids

  /**
   * Checks a {@code versionId} parameter: {@code null} or an id of this server's form.
   *
   * @param versionId the parameter
   * @return it
   * @throws S3Exception {@code InvalidArgument} otherwise
   */
  public static String checkVersionId(String versionId) {
    if (versionId.equals(NULL) || isId(versionId)) {
      return versionId;
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid version id specified: '"
        + versionId + "' (expected: null or 32 hex digits)").withDetail("ArgumentName", "versionId")
        .withDetail("ArgumentValue", versionId);
  }

  private static boolean isId(String s) {
    return s.length() == ID && isHex(s, 0, ID);
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** A stamp newer than every stamp this process gave before. */
  private String newStamp(Clock clock) {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    long m = lastMicros.updateAndGet(prev -> Math.max(prev + 1, micros));
    return HexFormat.of().withLowerCase().toHexDigits(Long.MAX_VALUE - m);
  }

  /**
   * Returns a new version id, newer than every id this process gave before.
   *
   * @param clock the clock
   * @return the id
   */
  public String newVersionId(Clock clock) {
    return newStamp(clock) + HexFormat.of().toHexDigits(random.nextLong());
  }

  /** The area entry name of a version or marker. */
  private static String entryName(String versionId, boolean marker) {
    return versionId.substring(0, STAMP) + (marker ? MARKER : VERSION) + versionId.substring(STAMP);
  }

  /** Parses an area entry name; null for a name that is not one (the children directory). */
  private static @Nullable Parsed parse(String name) {
    if (name.length() != STAMP + 1 + NULL.length() && name.length() != ID + 1
        || !isHex(name, 0, STAMP)) {
      return null;
    }
    char kind = name.charAt(STAMP);
    if (kind != VERSION && kind != MARKER) {
      return null;
    }
    String tail = name.substring(STAMP + 1);
    if (tail.equals(NULL)) {
      return new Parsed(NULL, kind == MARKER);
    }
    if (tail.length() != STAMP || !isHex(tail, 0, STAMP)) {
      return null;
    }
    return new Parsed(name.substring(0, STAMP) + tail, kind == MARKER);
  }

  private record Parsed(String versionId, boolean marker) {}

  // ---------------------------------------------------------------- the area

  /**
   * The volume without the reserved-names decorator, for the area only ({@link
   * ReservedNamesDfs#privileged}).
   */
  private static Volume privileged(Volume v) {
    return ReservedNamesDfs.privileged(RootSettings.unwrap(v));
  }

  /**
   * Returns the area if it exists.
   *
   * @param bucket the bucket's volume
   * @return its id
   */
  public static Optional<ObjectId> existingArea(Volume bucket) {
    return child(privileged(bucket), bucket.root(), ReservedNames.S3_VERSIONS);
  }

  private static Optional<ObjectId> child(Volume p, ObjectId dir, String name) {
    try {
      Attributes a = p.lookup(dir, name);
      return a.isDirectory() ? Optional.of(a.id()) : Optional.empty();
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The names from the volume root to a key's area directory. */
  private static List<String> areaPath(KeyPath key) {
    List<String> path = new ArrayList<>();
    path.add(ReservedNames.S3_VERSIONS);
    List<String> segs = key.segments();
    for (int i = 0; i < segs.size(); i++) {
      if (i > 0) {
        path.add(CHILDREN);
      }
      path.add(segs.get(i));
    }
    return path;
  }

  /** A key's directory of the area, if it exists. */
  private static Optional<ObjectId> keyDir(Volume bucket, KeyPath key) {
    Volume p = privileged(bucket);
    ObjectId dir = bucket.root();
    for (String name : areaPath(key)) {
      Optional<ObjectId> c = child(p, dir, name);
      if (c.isEmpty()) {
        return Optional.empty();
      }
      dir = c.get();
    }
    return Optional.of(dir);
  }

  /** A key's directory of the area, created with its ancestors (root-owned, 0700). */
  private static ObjectId makeKeyDir(Volume bucket, KeyPath key) {
    Volume p = privileged(bucket);
    ObjectId dir = bucket.root();
    for (String name : areaPath(key)) {
      Optional<ObjectId> c = child(p, dir, name);
      if (c.isPresent()) {
        dir = c.get();
        continue;
      }
      try {
        dir = p.mkdir(dir, name, 0700, Ownership.ROOT).id();
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.EXISTS) {
          throw e;
        }
        dir = p.lookup(dir, name).id();
      }
    }
    return dir;
  }

  /**
   * Removes a key's area directory and its ancestors up to and including the area root while
   * they are empty, so an empty area means no versions ({@link #hasVersions}).
   */
  private static void pruneArea(Volume bucket, KeyPath key) {
    Volume p = privileged(bucket);
    List<String> path = areaPath(key);
    for (int n = path.size(); n > 0; n--) {
      ObjectId parent = bucket.root();
      for (String name : path.subList(0, n - 1)) {
        Optional<ObjectId> c = child(p, parent, name);
        if (c.isEmpty()) {
          return;
        }
        parent = c.get();
      }
      try {
        p.remove(parent, path.get(n - 1), RemoveKind.DIRECTORY);
      } catch (DfsException e) {
        return; // not empty (or gone): the ancestors hold other keys' versions
      }
    }
  }

  /** The area entries of a key, newest first. */
  private static List<Version> areaVersions(Volume bucket, KeyPath key, ObjectId dir,
      int limit) {
    Volume p = privileged(bucket);
    List<Version> out = new ArrayList<>();
    DirCursor cursor = DirCursor.START;
    while (out.size() < limit) {
      DirPage page = p.readdir(dir, cursor, BATCH, true);
      for (DirEntry e : page.entries()) {
        Parsed x = parse(e.name());
        if (x != null && e.attributes() != null && e.attributes().isFile()) {
          out.add(new Version(key, x.versionId(), x.marker(), false, dir, e.name(),
              e.attributes()));
          if (out.size() >= limit) {
            break;
          }
        }
      }
      if (page.end()) {
        break;
      }
      cursor = page.next();
    }
    return out;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Returns the current version of a key: the file at its path.
   *
   * @param bucket the bucket's volume
   * @param key the key
   * @return the current version, or empty when no file is at the path
   */
  public static Optional<Version> current(Volume bucket, KeyPath key) {
    if (key.isDirectory()) {
      return Optional.empty();
    }
    Optional<Store.Found> f = Store.tryFind(bucket, key);
    if (f.isEmpty()) {
      return Optional.empty();
    }
    Attributes a = f.get().attributes();
    String id = Store.meta(bucket, a).versionId();
    return Optional.of(new Version(key, id == null ? NULL : id, false, true, f.get().parent(),
        f.get().name(), a));
  }

  /**
   * Lists every version and delete marker of a key, newest first: the current file (if any),
   * then the area's entries.
   *
   * @param bucket the bucket's volume
   * @param key the key
   * @return the versions
   */
  public static List<Version> list(Volume bucket, KeyPath key) {
    List<Version> out = new ArrayList<>();
    current(bucket, key).ifPresent(out::add);
    if (!key.isDirectory()) {
      keyDir(bucket, key).ifPresent(d -> out.addAll(areaVersions(bucket, key, d,
          Integer.MAX_VALUE)));
    }
    return out;
  }

  /**
   * Returns the latest version of a key: the current file, else the newest area entry (a delete
   * marker, or after a crash between archiving and linking a version).
   *
   * @param bucket the bucket's volume
   * @param key the key
   * @return the latest, or empty when the key has no version
   */
  public static Optional<Version> latest(Volume bucket, KeyPath key) {
    Optional<Version> cur = current(bucket, key);
    if (cur.isPresent() || key.isDirectory()) {
      return cur;
    }
    return keyDir(bucket, key).flatMap(d -> areaVersions(bucket, key, d, 1).stream().findFirst());
  }

  /**
   * Finds one version of a key.
   *
   * @param bucket the bucket's volume
   * @param key the key
   * @param versionId a checked id ({@link #checkVersionId}), {@link #NULL} included
   * @return the version, or empty
   */
  public static Optional<Version> find(Volume bucket, KeyPath key, String versionId) {
    Optional<Version> cur = current(bucket, key);
    if (cur.isPresent() && cur.get().versionId().equals(versionId)) {
      return cur;
    }
    if (key.isDirectory()) {
      return Optional.empty();
    }
    Optional<ObjectId> dir = keyDir(bucket, key);
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    if (versionId.equals(NULL)) {
      return areaVersions(bucket, key, dir.get(), Integer.MAX_VALUE).stream()
          .filter(Version::isNull).findFirst();
    }
    Volume p = privileged(bucket);
    for (boolean marker : new boolean[] {false, true}) {
      String name = entryName(versionId, marker);
      try {
        Attributes a = p.lookup(dir.get(), name);
        if (a.isFile()) {
          return Optional.of(new Version(key, versionId, marker, false, dir.get(), name, a));
        }
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.NOT_FOUND) {
          throw e;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns when a version became noncurrent: when its successor (the next newer version or
   * delete marker) was written. For lifecycle rules on noncurrent versions (S3 User Guide,
   * "NoncurrentVersionExpiration": days since the object became noncurrent).
   *
   * @param newestFirst a key's versions as {@link #list} returns them
   * @param index the version's position in the list
   * @return the time, or empty for the latest version
   */
  public static Optional<Instant> noncurrentSince(List<Version> newestFirst, int index) {
    return index == 0 ? Optional.empty()
        : Optional.of(newestFirst.get(index - 1).attributes().modifyTime());
  }

  /**
   * Returns a version's S3 metadata ({@link Store#meta}).
   *
   * @param bucket the bucket's volume
   * @param version the version
   * @return its metadata
   */
  public static ObjectMeta meta(Volume bucket, Version version) {
    return Store.meta(bucket, version.attributes());
  }

  /**
   * Opens a version for reading as a requester may: its mode bits and owner are the object's own,
   * kept when it moved into the area.
   *
   * @param v the bucket as the requester may use it
   * @param version the version (not a delete marker)
   * @return the open handle (the caller closes it)
   */
  public static FileHandle open(CheckedVolume v, Version version) {
    return v.open(version.attributes().id(), OpenMode.READ);
  }

  /**
   * Returns whether a bucket has any noncurrent version or delete marker (DeleteBucket answers
   * BucketNotEmpty then, as S3 does). Empty directories a crash left in the area do not count.
   *
   * @param bucket the bucket's volume
   * @return whether some file exists in the area
   */
  public static boolean hasVersions(Volume bucket) {
    Optional<ObjectId> area = existingArea(bucket);
    if (area.isEmpty()) {
      return false;
    }
    Volume p = privileged(bucket);
    ArrayDeque<ObjectId> dirs = new ArrayDeque<>();
    dirs.push(area.get());
    while (!dirs.isEmpty()) {
      ObjectId d = dirs.pop();
      DirCursor cursor = DirCursor.START;
      while (true) {
        DirPage page = p.readdir(d, cursor, BATCH, false);
        for (DirEntry e : page.entries()) {
          if (e.type() == ObjectType.DIRECTORY) {
            dirs.push(e.id());
          } else {
            return true;
          }
        }
        if (page.end()) {
          break;
        }
        cursor = page.next();
      }
    }
    return false;
  }

  /**
   * Visits every key that has entries in the area, in no particular order, with its versions
   * newest first. For background work over a whole bucket (lifecycle expiration of noncurrent
   * versions); ListObjectVersions walks the area in key order instead.
   *
   * @param bucket the bucket's volume
   * @param visitor called once per key with its area versions
   */
  public static void forEachKey(Volume bucket, Consumer<List<Version>> visitor) {
    Optional<ObjectId> area = existingArea(bucket);
    if (area.isEmpty()) {
      return;
    }
    Volume p = privileged(bucket);
    record Node(ObjectId dir, List<String> segments) {}
    ArrayDeque<Node> todo = new ArrayDeque<>();
    // The area root holds the first segments' directories only.
    for (DirEntry e : allEntries(p, area.get())) {
      if (e.type() == ObjectType.DIRECTORY) {
        todo.push(new Node(e.id(), List.of(e.name())));
      }
    }
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      KeyPath key = new KeyPath(String.join("/", n.segments()), n.segments(), false);
      List<Version> vs = areaVersions(bucket, key, n.dir(), Integer.MAX_VALUE);
      if (!vs.isEmpty()) {
        visitor.accept(vs);
      }
      child(p, n.dir(), CHILDREN).ifPresent(children -> {
        for (DirEntry e : allEntries(p, children)) {
          if (e.type() == ObjectType.DIRECTORY) {
            List<String> segs = new ArrayList<>(n.segments());
            segs.add(e.name());
            todo.push(new Node(e.id(), segs));
          }
        }
      });
    }
  }

  private static List<DirEntry> allEntries(Volume p, ObjectId dir) {
    List<DirEntry> out = new ArrayList<>();
    DirCursor cursor = DirCursor.START;
    while (true) {
      DirPage page = p.readdir(dir, cursor, BATCH, false);
      out.addAll(page.entries());
      if (page.end()) {
        return out;
      }
      cursor = page.next();
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * Publishes a sealed object as the key's current version ({@link ObjectWriter#publish}), as the
   * bucket's state asks: unversioned, it replaces the file; enabled, the current file moves into
   * the area and the new one gets a new version id; suspended, the new one is the {@code null}
   * version, replacing the {@code null} version wherever it is and moving a current one with an
   * id into the area.
   *
   * @param store the store (its clock)
   * @param bucket the bucket's volume, unchecked
   * @param v the bucket as the requester may use it
   * @param h the sealed object's handle
   * @param sealed the metadata stored by {@link ObjectWriter#seal}
   * @param key the key
   * @param mode {@link RenameMode#REPLACE}, or {@link RenameMode#NO_REPLACE} for {@code
   *     If-None-Match: *}
   * @return the published object and its version id
   */
  public Published publish(Store store, Volume bucket, CheckedVolume v, FileHandle h,
      ObjectMeta sealed, KeyPath key, RenameMode mode) {
    State state = state(bucket);
    if (state != State.ENABLED && sealed.versionId() != null) {
      // Only an enabled bucket gives ids; anything else written is the null version.
      bucket.setXattr(h.id(), ObjectMetaCodec.XATTR,
          ObjectMetaCodec.encode(sealed.withVersionId(null)), XattrMode.UPSERT);
    }
    if (state == State.UNVERSIONED) {
      return new Published(ObjectWriter.publish(v, h, key, mode), null);
    }
    try (UploadLocks.Held _ = locks.lock(bucket.name(), key.key())) {
      Optional<Version> cur = current(bucket, key);
      if (cur.isPresent() && mode == RenameMode.NO_REPLACE) {
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED,
            "If-None-Match: '*' but key '" + key.key() + "' exists (expected: no object)")
            .withDetail("Condition", "If-None-Match");
      }
      String id = null;
      Optional<Version> archived = Optional.empty();
      if (cur.isPresent() && (state == State.ENABLED || !cur.get().isNull())) {
        // The stamp of a null version archived now is taken before the new id: older than it.
        archived = Optional.of(archive(store, bucket, v, cur.get()));
      }
      if (state == State.ENABLED) {
        id = newVersionId(store.clock());
        bucket.setXattr(h.id(), ObjectMetaCodec.XATTR,
            ObjectMetaCodec.encode(sealed.withVersionId(id)), XattrMode.UPSERT);
      }
      Attributes a;
      try {
        a = ObjectWriter.publish(v, h, key, mode);
      } catch (RuntimeException e) {
        archived.ifPresent(x -> unarchive(bucket, x, e));
        throw e;
      }
      if (state == State.SUSPENDED) {
        // The new null version replaces the one in the area too (removed only now, once the new
        // one is linked and durable).
        if (removeAreaNulls(bucket, key)) {
          bucket.syncNamespace();
        }
      }
      return new Published(a, id == null ? NULL : id);
    }
  }

  /**
   * Deletes as DeleteObject does. Without a version id: unversioned, the file is removed;
   * enabled, the current version moves into the area and a delete marker becomes the latest;
   * suspended, the {@code null} version is removed (a current one with an id is kept in the area)
   * and a {@code null} delete marker becomes the latest. With a version id, that version is
   * removed for good; when it was the latest, the next newer version (unless it is a delete
   * marker) becomes the current file again.
   *
   * @param store the store (its clock)
   * @param bucket the bucket's volume, unchecked
   * @param v the bucket as the requester may use it
   * @param key the key
   * @param versionId a checked version id, or null
   * @return what to report
   */
  public Deleted delete(Store store, Volume bucket, CheckedVolume v, KeyPath key,
      @Nullable String versionId) {
    State state = state(bucket);
    if (versionId == null && (state == State.UNVERSIONED || key.isDirectory())) {
      DeleteObjectOp.delete(v, key);
      return new Deleted(false, null);
    }
    if (key.isDirectory()) {
      // A directory (folder marker) has the null version only.
      if (versionId.equals(NULL)) {
        DeleteObjectOp.delete(v, key);
      }
      return new Deleted(false, versionId);
    }
    try (UploadLocks.Held _ = locks.lock(bucket.name(), key.key())) {
      if (versionId != null) {
        return deleteVersion(bucket, v, key, versionId);
      }
      Optional<Version> cur = current(bucket, key);
      if (cur.isPresent()) {
        if (state == State.ENABLED || !cur.get().isNull()) {
          archive(store, bucket, v, cur.get());
        } else {
          v.remove(cur.get().parent(), cur.get().name(), RemoveKind.NOT_DIRECTORY);
        }
      }
      if (state == State.SUSPENDED) {
        removeAreaNulls(bucket, key);
      }
      String id = state == State.ENABLED ? newVersionId(store.clock()) : null;
      String name = id != null ? entryName(id, true) : newStamp(store.clock()) + MARKER + NULL;
      ObjectId dir = makeKeyDir(bucket, key);
      Volume p = privileged(bucket);
      Attributes m = p.create(dir, name, v.defaults().fileMode(), v.newOwner(), true);
      p.setXattr(m.id(), ObjectMetaCodec.XATTR, ObjectMetaCodec.encode(ObjectMeta.EMPTY
          .withFingerprint(0, Store.nanos(m.modifyTime())).withVersionId(id)), XattrMode.UPSERT);
      Store.pruneEmptyParents(v, key.parentSegments());
      bucket.syncNamespace();
      return new Deleted(true, id == null ? NULL : id);
    }
  }

  /** Removes one version for good (under the key's lock); restores the next as current. */
  private Deleted deleteVersion(Volume bucket, CheckedVolume v, KeyPath key, String versionId) {
    Optional<Version> found = find(bucket, key, versionId);
    if (found.isEmpty()) {
      // Deleting a version that does not exist succeeds, as on S3 (idempotent retries).
      return new Deleted(false, versionId);
    }
    Version x = found.get();
    if (x.current()) {
      v.remove(x.parent(), x.name(), RemoveKind.NOT_DIRECTORY);
    } else {
      privileged(bucket).remove(x.parent(), x.name(), RemoveKind.NOT_DIRECTORY);
    }
    if (!restoreLatest(bucket, v, key)) {
      pruneArea(bucket, key);
      if (x.current()) {
        Store.pruneEmptyParents(v, key.parentSegments());
      }
    }
    bucket.syncNamespace();
    return new Deleted(x.deleteMarker(), versionId);
  }

  /**
   * Makes the newest area entry of a key the current file again when no file is at the key's path
   * and that entry is a version (not a delete marker).
   *
   * @return whether one was restored
   */
  private static boolean restoreLatest(Volume bucket, CheckedVolume v, KeyPath key) {
    if (current(bucket, key).isPresent()) {
      return false;
    }
    Optional<ObjectId> dir = keyDir(bucket, key);
    if (dir.isEmpty()) {
      return false;
    }
    List<Version> newest = areaVersions(bucket, key, dir.get(), 1);
    if (newest.isEmpty() || newest.get(0).deleteMarker()) {
      return false;
    }
    Version n = newest.get(0);
    Attributes parent = Store.makeParents(v, key);
    privileged(bucket).rename(n.parent(), n.name(), parent.id(), key.name(),
        RenameMode.NO_REPLACE);
    pruneArea(bucket, key);
    return true;
  }

  /**
   * Moves the current file of a key into the area, checking first that the requester may remove
   * it from its directory (as replacing or deleting it would need).
   *
   * @return the archived entry
   */
  private Version archive(Store store, Volume bucket, CheckedVolume v, Version cur) {
    Attributes dir = bucket.getAttributes(cur.parent());
    if (!v.checker().maySearch(v.caller(), dir)
        || !v.checker().mayRemove(v.caller(), dir, cur.attributes())) {
      throw new DfsException(ErrorKind.ACCESS_DENIED, "key '" + cur.key().key()
          + "': replacing or deleting it needs write and search permission on its directory"
          + " (and, in a sticky directory, ownership)");
    }
    String name = cur.isNull() ? newStamp(store.clock()) + VERSION + NULL
        : entryName(cur.versionId(), false);
    Volume p = privileged(bucket);
    DfsException last = null;
    // A concurrent prune of another key's versions may remove a fresh ancestor; retry then.
    for (int attempt = 0; attempt < 5; attempt++) {
      ObjectId area = makeKeyDir(bucket, cur.key());
      try {
        p.rename(cur.parent(), cur.name(), area, name, RenameMode.NO_REPLACE);
        return new Version(cur.key(), cur.versionId(), false, false, area, name,
            cur.attributes());
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.STALE) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /** Puts an archived version back after the new one failed to publish. */
  private static void unarchive(Volume bucket, Version archived, RuntimeException failure) {
    try {
      Optional<Attributes> parent = Store.directory(bucket, archived.key().parentSegments());
      if (parent.isPresent()) {
        privileged(bucket).rename(archived.parent(), archived.name(), parent.get().id(),
            archived.key().name(), RenameMode.NO_REPLACE);
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e); // it stays in the area, listed as the latest version
    }
  }

  /** Removes the {@code null} versions and markers of a key from the area. */
  private static boolean removeAreaNulls(Volume bucket, KeyPath key) {
    Optional<ObjectId> dir = keyDir(bucket, key);
    if (dir.isEmpty()) {
      return false;
    }
    boolean any = false;
    for (Version x : areaVersions(bucket, key, dir.get(), Integer.MAX_VALUE)) {
      if (x.isNull()) {
        privileged(bucket).remove(x.parent(), x.name(), RemoveKind.NOT_DIRECTORY);
        any = true;
      }
    }
    return any;
  }
}

package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Authorizer;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Principal;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.ObjectMetaCodec;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.Encryption;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The namespace mapping of DESIGN §2 shared by the handlers: bucket = volume, key = path,
 * metadata in one extended attribute, and the ETag of objects S3 did not write.
 *
 * @param dfs the backend
 * @param authorizer per-volume permission checks
 * @param clock the clock
 * @param settings limits and addressing
 * @param encryption server-side encryption (SSE-C, SSE-S3)
 * @param rootSettings the buckets' settings, read once per change of the bucket ({@link #bucket})
 */
public record Store(Dfs dfs, Authorizer authorizer, Clock clock, S3Settings settings,
    Encryption encryption, RootSettings rootSettings) {

  /**
   * Mode of the multipart area's internal files (parts); objects get the volume's defaults
   * ({@link CheckedVolume#defaults()}).
   */
  public static final int FILE_MODE = 0600;

  /** Validates the components. */
  public Store {
    requireNonNull(dfs, "dfs");
    requireNonNull(authorizer, "authorizer");
    requireNonNull(clock, "clock");
    requireNonNull(settings, "settings");
    requireNonNull(encryption, "encryption");
    requireNonNull(rootSettings, "rootSettings");
  }

  /**
   * Creates the store with an empty settings cache.
   *
   * @param dfs the backend
   * @param authorizer per-volume permission checks
   * @param clock the clock
   * @param settings limits and addressing
   * @param encryption server-side encryption (SSE-C, SSE-S3)
   */
  public Store(Dfs dfs, Authorizer authorizer, Clock clock, S3Settings settings,
      Encryption encryption) {
    this(dfs, authorizer, clock, settings, encryption, new RootSettings());
  }

  /**
   * Returns this store for one request: each bucket is opened once and its settings' change
   * counter read once while it runs ({@link RootSettings#forRequest}).
   *
   * @return the request's store
   */
  public Store forRequest() {
    return new Store(dfs, authorizer, clock, settings, encryption, rootSettings.forRequest());
  }

  /**
   * Opens a bucket's volume, its root's settings answered from {@link #rootSettings}.
   *
   * @param bucket the bucket name
   * @return the volume
   * @throws S3Exception {@code NoSuchBucket}
   */
  public Volume bucket(String bucket) {
    try {
      Limits.checkVolumeName(bucket);
      return rootSettings.open(bucket, dfs::volume);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.INVALID_ARGUMENT) {
        throw bucketMissing(bucket);
      }
      throw ErrorKindMap.toS3(e);
    }
  }

  /**
   * Opens a request's bucket as its signer may use it: every backend call checked against the
   * grant, mode bits and ownership ({@link AccessChecker}), and the volume's defaults for what the
   * request creates. Object operations use this; only bucket settings and the multipart area
   * (which belongs to S3, not to a user) use {@link #bucket} directly.
   *
   * @param req the request
   * @return the checked view
   * @throws S3Exception {@code NoSuchBucket}
   */
  public CheckedVolume volume(OpRequest req) {
    return volume(req.requireBucket(), req.requirePrincipal());
  }

  /**
   * Opens a bucket as a principal may use it (see {@link #volume(OpRequest)}).
   *
   * @param bucket the bucket name
   * @param principal who asks
   * @return the checked view
   * @throws S3Exception {@code NoSuchBucket}
   */
  public CheckedVolume volume(String bucket, Principal principal) {
    return volume(bucket(bucket), principal);
  }

  /**
   * Returns the checked view of a bucket already opened with {@link #bucket}, for a handler that
   * needs both: the bucket is opened once (over a remote backend, one round trip less).
   *
   * @param bucket the bucket's volume from {@link #bucket}
   * @param principal who asks
   * @return the checked view
   */
  public CheckedVolume volume(Volume bucket, Principal principal) {
    // S3 decrypts what it encrypted: its view opens S3-encrypted objects, which the file
    // protocols' views refuse.
    return new AccessChecker(authorizer).open(bucket, principal).allowingEncrypted();
  }

  /**
   * Returns the {@code NoSuchBucket} error.
   *
   * @param bucket the bucket
   * @return the error
   */
  public S3Exception bucketMissing(String bucket) {
    return new S3Exception(S3ErrorCode.NO_SUCH_BUCKET, "bucket '" + bucket + "' does not exist")
        .withDetail("BucketName", bucket);
  }

  /**
   * Returns the owner of the multipart area's internal files a principal writes.
   *
   * @param p the principal
   * @return its uid and gid
   */
  public static Ownership owner(Principal p) {
    return new Ownership(p.uid(), p.gid());
  }

  /**
   * Walks to a directory.
   *
   * @param v the volume
   * @param segments the directory's path segments
   * @return its attributes, or empty when some segment is missing or not a directory
   */
  public static Optional<Attributes> directory(Volume v, List<String> segments) {
    Attributes dir = v.getAttributes(v.root());
    for (String s : segments) {
      try {
        dir = v.lookup(dir.id(), s);
      } catch (DfsException e) {
        if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.NOT_DIRECTORY
            || e.kind() == ErrorKind.INVALID_ARGUMENT || e.kind() == ErrorKind.NAME_TOO_LONG) {
          return Optional.empty();
        }
        throw e;
      }
      if (!dir.isDirectory()) {
        return Optional.empty();
      }
    }
    return Optional.of(dir);
  }

  /**
   * Finds the object a key names.
   *
   * @param v the volume
   * @param key the key
   * @return the object: a file, or for a key ending in {@code /} a directory
   * @throws S3Exception {@code NoSuchKey}
   */
  public static Found find(Volume v, KeyPath key) {
    Optional<Found> f = tryFind(v, key);
    if (f.isEmpty()) {
      throw noSuchKey(key.key());
    }
    return f.get();
  }

  /**
   * Finds the object a key names, if any.
   *
   * @param v the volume
   * @param key the key
   * @return the object, or empty
   */
  public static Optional<Found> tryFind(Volume v, KeyPath key) {
    Optional<Attributes> parent = directory(v, key.parentSegments());
    if (parent.isEmpty()) {
      return Optional.empty();
    }
    Attributes a;
    try {
      a = v.lookup(parent.get().id(), key.name());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    if (key.isDirectory() ? !a.isDirectory() : !a.isFile()) {
      return Optional.empty();
    }
    return Optional.of(new Found(parent.get().id(), key.name(), a));
  }

  /**
   * An object found by key.
   *
   * @param parent the directory holding it
   * @param name its entry name
   * @param attributes its attributes
   */
  public record Found(ObjectId parent, String name, Attributes attributes) {}

  /**
   * Returns the {@code NoSuchKey} error for a key.
   *
   * @param key the key
   * @return the error
   */
  public static S3Exception noSuchKey(String key) {
    return new S3Exception(S3ErrorCode.NO_SUCH_KEY, "key '" + key + "' does not exist")
        .withDetail("Key", key);
  }

  /**
   * Reads an object's S3 metadata. The stored ETag and checksum are dropped when the file changed
   * since S3 wrote it (another protocol wrote to it), so they never describe other bytes.
   *
   * @param v the volume
   * @param a the object's attributes
   * @return the metadata, {@link ObjectMeta#EMPTY} when it has none
   */
  public static ObjectMeta meta(Volume v, Attributes a) {
    byte[] raw;
    try {
      raw = v.getXattr(a.id(), ObjectMetaCodec.XATTR);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NO_SUCH_XATTR || e.kind() == ErrorKind.UNSUPPORTED) {
        return ObjectMeta.EMPTY;
      }
      throw e;
    }
    return meta(a, raw);
  }

  /**
   * Decodes an object's metadata as {@link #meta(Volume, Attributes)} does, from its value as
   * already read (by a {@link Volume#readSmall} asking for {@link ObjectMetaCodec#XATTR}).
   *
   * @param a the object's attributes
   * @param raw the attribute's value, or null when the object has none
   * @return the metadata, empty when absent or unreadable
   */
  public static ObjectMeta meta(Attributes a, byte @Nullable [] raw) {
    if (raw == null) {
      return ObjectMeta.EMPTY;
    }
    ObjectMeta m;
    try {
      m = ObjectMetaCodec.decode(raw);
    } catch (IllegalArgumentException e) {
      return ObjectMeta.EMPTY;
    }
    if (m.size() != a.size() || m.modifyNanos() != nanos(a.modifyTime())) {
      // Rewritten in place by another protocol: the bytes are no longer the version S3 wrote, so
      // the object is the null version (see Versions).
      return m.withContent(null, null, null, null, List.of()).withVersionId(null);
    }
    return m;
  }

  /**
   * Reads the metadata of an object a listing shows. A file the caller may not read (a 0600 file
   * of another user) is still listed, as {@code ls} shows the name, with the id-derived ETag; its
   * metadata stays private.
   *
   * @param v the volume as the requester may use it
   * @param a the object's attributes
   * @return the metadata, {@link ObjectMeta#EMPTY} when it has none or the caller may not read it
   */
  public static ObjectMeta listedMeta(Volume v, Attributes a) {
    try {
      return meta(v, a);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.ACCESS_DENIED) {
        return ObjectMeta.EMPTY;
      }
      throw e;
    }
  }

  /**
   * Returns an object's ETag (without quotes): the stored MD5-based one when still valid, else a
   * strong validator derived from the object id and its change counter, which moves on every
   * modification through any protocol.
   *
   * @param a the attributes
   * @param m the metadata from {@link #meta}
   * @return the ETag
   */
  public static String etag(Attributes a, ObjectMeta m) {
    if (m.etag() != null) {
      return m.etag();
    }
    if (a.isDirectory()) {
      return "d41d8cd98f00b204e9800998ecf8427e"; // MD5 of nothing: a directory reads as empty
    }
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(ByteBuffer.allocate(24).putLong(a.id().hi()).putLong(a.id().lo())
          .putLong(a.change()).flip());
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
  }

  /**
   * Runs a find-then-use sequence again when the object found was replaced or removed before it
   * was used (the backend says {@link ErrorKind#STALE}): a concurrent overwrite must show the old
   * or the new object, never an error.
   *
   * @param action the sequence, starting with the lookup
   * @param <T> its result
   * @return the result of the first attempt that did not meet a stale object
   */
  public static <T> T retryStale(java.util.function.Supplier<T> action) {
    for (int attempt = 0; ; attempt++) {
      try {
        return action.get();
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.STALE || attempt >= 16) {
          throw e;
        }
      }
    }
  }

  /**
   * Returns an instant as epoch nanoseconds.
   *
   * @param t the instant
   * @return nanoseconds since the epoch
   */
  public static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /**
   * Returns whether a directory is also an object: a "folder marker" such as {@code photos/},
   * written by a zero-byte PUT of a key ending in {@code /}. Such a directory carries object
   * metadata ({@link ObjectMetaCodec#XATTR}), which a directory made implicitly for the keys
   * under it (or by another protocol) does not; only the marker lists as an object, as on S3.
   *
   * @param v the volume
   * @param a the directory's attributes
   * @return true for a folder marker
   */
  public static boolean isFolderMarker(Volume v, Attributes a) {
    if (!a.isDirectory()) {
      return false;
    }
    try {
      v.getXattr(a.id(), ObjectMetaCodec.XATTR);
      return true;
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NO_SUCH_XATTR || e.kind() == ErrorKind.UNSUPPORTED
          || e.kind() == ErrorKind.ACCESS_DENIED) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Removes directories left empty by a delete, from {@code segments} upwards, never the root:
   * S3 has no empty prefixes, so the prefix disappears with its last object. A directory that is
   * not empty (or that another request just filled) stops the walk.
   *
   * @param v the volume
   * @param segments the path of the deepest directory to try
   */
  public static void pruneEmptyParents(Volume v, List<String> segments) {
    for (int n = segments.size(); n > 0; n--) {
      Optional<Attributes> parent = directory(v, segments.subList(0, n - 1));
      if (parent.isEmpty()) {
        return;
      }
      try {
        if (isFolderMarker(v, v.lookup(parent.get().id(), segments.get(n - 1)))) {
          return; // an object of its own ("photos/"), which outlives the keys under it
        }
        v.remove(parent.get().id(), segments.get(n - 1), RemoveKind.DIRECTORY);
      } catch (DfsException e) {
        return;
      }
    }
  }

  /**
   * Creates the parent directories of a key, with the volume's directory mode and group.
   *
   * @param v the volume as the requester may use it
   * @param key the key
   * @return the parent directory
   * @throws S3Exception {@code InvalidArgument} when a segment is an existing object
   */
  public static Attributes makeParents(CheckedVolume v, KeyPath key) {
    try {
      return v.mkdirs(key.parentPath(), v.defaults().dirMode(), v.newOwner());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_DIRECTORY) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key()
            + "' cannot be a path in the volume: a prefix of it is an existing object, and an"
            + " object cannot also be a prefix")
            .withDetail("ArgumentName", "key").withDetail("ArgumentValue", key.key());
      }
      throw e;
    }
  }

  /**
   * Returns the error for a key that names a directory, i.e. is a prefix of other keys.
   *
   * @param key the key
   * @return the error
   */
  public static S3Exception keyIsPrefix(String key) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key + "' cannot be a path in"
        + " the volume: it is a prefix of other keys (a directory), and a prefix cannot also be an"
        + " object").withDetail("ArgumentName", "key").withDetail("ArgumentValue", key);
  }
}

package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.ObjectLockXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * S3 Object Lock (S3 User Guide, "Locking objects with Object Lock") on the backend's retention
 * facet ({@link Capability#RETENTION}): the backend, not this class, refuses to delete or
 * overwrite a locked version, for every protocol. Here are the S3 parts:
 *
 * <ul>
 *   <li>The bucket's configuration, the document PutObjectLockConfiguration accepted (re-encoded),
 *       in the extended attribute {@value #XATTR} of the volume root; a bucket that has it has
 *       Object Lock enabled, for good (S3 has no way to turn it off).
 *   <li>The lock a new version gets: the {@code x-amz-object-lock-mode}, {@code
 *       -retain-until-date} and {@code -legal-hold} headers of PutObject, CopyObject and
 *       CreateMultipartUpload ({@link #fromHeaders}), else the bucket's default retention, set on
 *       the staged object before it is published ({@link Requested#apply}), so the name never
 *       shows an unlocked version.
 *   <li>The headers GET and HEAD return ({@link #toResponse}).
 *   <li>Who may bypass a governance retention ({@link #bypass}): a request with {@code
 *       x-amz-bypass-governance-retention: true} whose signer has {@code
 *       s3:BypassGovernanceRetention} (the bucket owner, the bucket's {@code admin} grant, or the
 *       bucket policy), decided by the access decorator.
 * </ul>
 *
 * <p>Integrity: S3 requires {@code Content-MD5} or an {@code x-amz-checksum-*} value on a PUT
 * with lock headers and on the lock configuration calls, so that data kept for years is the data
 * sent. A SigV4 request whose payload is signed (its SHA-256 in {@code x-amz-content-sha256}, or
 * signed chunks) proves the same and is accepted as well: older SDKs (Debian's boto3) send no
 * MD5 on PutObject and sign the payload over plain HTTP.
 */
public final class ObjectLock {
  /** The attribute on the volume root holding the configuration. */
  public static final String XATTR = "estuary.s3.object-lock";
  /** The attribute on a multipart upload's directory holding its lock headers. */
  static final String UPLOAD_XATTR = "estuary.s3.upload-lock";

  private ObjectLock() {}

  // ---------------------------------------------------------------- bucket configuration

  /**
   * Returns a bucket's configuration.
   *
   * @param bucket the bucket's volume
   * @return the configuration, empty when Object Lock is not enabled
   */
  public static Optional<ObjectLockXml.Configuration> configuration(Volume bucket) {
    // Asked on every PUT: no exception for the buckets without it (Xattrs).
    return Xattrs.get(bucket, bucket.root(), XATTR).map(ObjectLockXml.Configuration::parse);
  }

  /**
   * Stores a bucket's configuration durably.
   *
   * @param store the store (for the backend's capabilities)
   * @param bucket the bucket's volume
   * @param c the configuration
   * @throws S3Exception {@code NotImplemented} on a backend without {@link Capability#RETENTION}
   */
  static void store(Store store, Volume bucket, ObjectLockXml.Configuration c) {
    if (!store.dfs().capabilities().contains(Capability.RETENTION)) {
      throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
          "Object Lock on bucket '" + bucket.name() + "' (expected: a backend with RETENTION)");
    }
    bucket.setXattr(bucket.root(), XATTR, ObjectLockXml.bytes(c), XattrMode.UPSERT);
    bucket.syncNamespace();
  }

  /**
   * Reads CreateBucket's {@code x-amz-bucket-object-lock-enabled} header, before the bucket is
   * created.
   *
   * @param req the CreateBucket request
   * @param store the store
   * @return whether the bucket is to have Object Lock
   * @throws S3Exception {@code InvalidArgument} for a value other than true or false, {@code
   *     NotImplemented} on a backend without {@link Capability#RETENTION}
   */
  static boolean requestedAtCreation(OpRequest req, Store store) {
    String h = req.header("x-amz-bucket-object-lock-enabled");
    if (h == null || h.strip().equalsIgnoreCase("false")) {
      return false;
    }
    if (!h.strip().equalsIgnoreCase("true")) {
      throw invalidArgument("x-amz-bucket-object-lock-enabled: '" + h + "' (expected: true or false)",
          "x-amz-bucket-object-lock-enabled", h);
    }
    if (!store.dfs().capabilities().contains(Capability.RETENTION)) {
      throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
          "x-amz-bucket-object-lock-enabled (expected: a backend with RETENTION)");
    }
    return true;
  }

  /**
   * Gives a new bucket Object Lock and, as S3 does, versioning.
   *
   * @param store the store
   * @param bucket the new bucket's volume
   */
  static void enableAtCreation(Store store, Volume bucket) {
    Versions.setState(bucket, Versions.State.ENABLED);
    store(store, bucket, new ObjectLockXml.Configuration(Optional.empty()));
  }

  /**
   * Returns a bucket's configuration or the error S3 gives for an object lock call on a bucket
   * without Object Lock.
   *
   * @param bucket the bucket's volume
   * @return the configuration
   * @throws S3Exception {@code InvalidRequest} "Bucket is missing Object Lock Configuration"
   */
  static ObjectLockXml.Configuration require(Volume bucket) {
    return configuration(bucket).orElseThrow(() -> new S3Exception(S3ErrorCode.INVALID_REQUEST,
        "Bucket is missing Object Lock Configuration (bucket '" + bucket.name()
            + "' was not created with x-amz-bucket-object-lock-enabled)"));
  }

  /**
   * Returns whether versioning is enabled on the bucket, which Object Lock requires.
   *
   * @param bucket the bucket's volume
   * @return true for {@code Enabled}
   */
  static boolean versioningEnabled(Volume bucket) {
    return Versions.state(bucket) == Versions.State.ENABLED;
  }

  /**
   * Refuses a request without the integrity S3 requires of Object Lock writes: {@code
   * Content-MD5}, an {@code x-amz-checksum-*} header or trailer, or a signed payload.
   *
   * @param req the request
   * @param what the operation, for the message
   * @throws S3Exception {@code InvalidRequest}
   */
  static void requireIntegrity(OpRequest req, String what) {
    if (req.header("content-md5") != null || req.header("x-amz-trailer") != null) {
      return;
    }
    for (String name : req.headers().names().stream().map(n -> n.toString()).toList()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")) {
        return;
      }
    }
    String sha = req.header("x-amz-content-sha256");
    if (sha != null && (sha.matches("[0-9a-fA-F]{64}") || sha.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"))) {
      return;
    }
    throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Content-MD5 OR x-amz-checksum- HTTP header is"
        + " required for " + what + " requests with Object Lock parameters");
  }

  // ---------------------------------------------------------------- new versions

  /**
   * The lock a new version gets.
   *
   * @param mode the retention mode, or null for none
   * @param retainUntil the date, or null exactly when {@code mode} is
   * @param legalHold whether a legal hold is put on it
   */
  public record Requested(@Nullable RetentionMode mode, @Nullable Instant retainUntil, boolean legalHold) {

    /**
     * Sets the lock on the staged (not yet published) object, so it is protected from the moment
     * its name appears.
     *
     * @param v the volume
     * @param id the staged object
     */
    public void apply(Volume v, ObjectId id) {
      if (mode != null) {
        v.setRetention(id, mode, retainUntil, false);
      }
      if (legalHold) {
        v.setLegalHold(id, true);
      }
    }
  }

  /**
   * The {@code x-amz-object-lock-*} headers of a write, as sent.
   *
   * @param mode {@code x-amz-object-lock-mode}, or null
   * @param date {@code x-amz-object-lock-retain-until-date}, or null
   * @param hold {@code x-amz-object-lock-legal-hold}, or null
   */
  record LockHeaders(@Nullable String mode, @Nullable String date, @Nullable String hold) {
    static LockHeaders of(OpRequest req) {
      return new LockHeaders(req.header("x-amz-object-lock-mode"),
          req.header("x-amz-object-lock-retain-until-date"), req.header("x-amz-object-lock-legal-hold"));
    }

    boolean explicit() {
      return mode != null || date != null || hold != null;
    }

    /** The value kept on a multipart upload: the three headers, one a line, empty for none. */
    byte[] encode() {
      return (nn(mode) + "\n" + nn(date) + "\n" + nn(hold)).getBytes(StandardCharsets.UTF_8);
    }

    static LockHeaders decode(byte[] raw) {
      String[] f = new String(raw, StandardCharsets.UTF_8).split("\n", -1);
      if (f.length != 3) {
        throw new DfsException(ErrorKind.IO_ERROR, UPLOAD_XATTR + ": " + f.length
            + " lines (expected: 3)");
      }
      return new LockHeaders(f[0].isEmpty() ? null : f[0], f[1].isEmpty() ? null : f[1],
          f[2].isEmpty() ? null : f[2]);
    }

    private static String nn(@Nullable String s) {
      return s == null ? "" : s.replace("\n", "");
    }
  }

  /**
   * Reads the lock headers of a write (PutObject, CopyObject) and the bucket's default retention.
   *
   * @param req the request
   * @param bucket the bucket's volume
   * @param now the time the version is created, for the default retention
   * @param integrityFor the operation whose body must carry Content-MD5 or a checksum when lock
   *     headers are present (PutObject), or null for one without a body (CopyObject)
   * @return the lock to set, or empty when the new version gets none
   * @throws S3Exception {@code InvalidRequest} for lock headers on a bucket without Object Lock or
   *     without integrity, {@code InvalidArgument} for a bad header
   */
  public static Optional<Requested> fromHeaders(OpRequest req, Volume bucket, Instant now,
      @Nullable String integrityFor) {
    LockHeaders h = LockHeaders.of(req);
    Optional<Requested> r = resolve(h, bucket, now, true);
    if (h.explicit() && integrityFor != null) {
      requireIntegrity(req, integrityFor);
    }
    return r;
  }

  /**
   * CreateMultipartUpload: checks the lock headers and keeps them on the upload, for {@link
   * #forUpload} to apply when it completes (the version is created then, and gets the bucket's
   * default retention as of then if no header asked for another).
   *
   * @param req the request
   * @param bucket the bucket's volume
   * @param uploadDir the upload's directory
   * @param now the time now
   */
  static void rememberForUpload(OpRequest req, Volume bucket, ObjectId uploadDir, Instant now) {
    LockHeaders h = LockHeaders.of(req);
    resolve(h, bucket, now, true);
    if (h.explicit()) {
      bucket.setXattr(uploadDir, UPLOAD_XATTR, h.encode(), XattrMode.UPSERT);
    }
  }

  /**
   * CompleteMultipartUpload: the lock the completed version gets, from the headers kept by {@link
   * #rememberForUpload} or the bucket's default retention.
   *
   * @param bucket the bucket's volume
   * @param uploadDir the upload's directory
   * @param now the time the version is created
   * @return the lock to set, or empty
   */
  static Optional<Requested> forUpload(Volume bucket, ObjectId uploadDir, Instant now) {
    LockHeaders h;
    try {
      h = LockHeaders.decode(bucket.getXattr(uploadDir, UPLOAD_XATTR));
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
        throw e;
      }
      h = new LockHeaders(null, null, null);
    }
    return resolve(h, bucket, now, false);
  }

  private static Optional<Requested> resolve(LockHeaders h, Volume bucket, Instant now,
      boolean dateInFuture) {
    Optional<ObjectLockXml.Configuration> config = configuration(bucket);
    if (config.isEmpty()) {
      if (h.explicit()) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Bucket is missing Object Lock Configuration"
            + " (x-amz-object-lock-* headers on bucket '" + bucket.name() + "')");
      }
      return Optional.empty();
    }
    String modeHeader = h.mode();
    String dateHeader = h.date();
    String holdHeader = h.hold();
    if ((modeHeader == null) != (dateHeader == null)) {
      throw invalidArgument("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be"
          + " supplied", modeHeader == null ? "x-amz-object-lock-retain-until-date" : "x-amz-object-lock-mode",
          modeHeader == null ? dateHeader : modeHeader);
    }
    RetentionMode mode = null;
    Instant until = null;
    if (modeHeader != null && dateHeader != null) {
      mode = switch (modeHeader) {
        case "GOVERNANCE" -> RetentionMode.GOVERNANCE;
        case "COMPLIANCE" -> RetentionMode.COMPLIANCE;
        default -> throw invalidArgument("Unknown wormMode directive: '" + modeHeader
            + "' (expected: GOVERNANCE or COMPLIANCE)", "x-amz-object-lock-mode", modeHeader);
      };
      until = ObjectLockXml.parseDate(dateHeader).orElseThrow(() -> invalidArgument(
          "x-amz-object-lock-retain-until-date: '" + dateHeader + "' (expected: an ISO 8601 date-time)",
          "x-amz-object-lock-retain-until-date", dateHeader));
      if (dateInFuture && !until.isAfter(now)) {
        throw invalidArgument("The retain until date must be in the future! (" + dateHeader + ")",
            "x-amz-object-lock-retain-until-date", dateHeader);
      }
    } else if (config.get().rule().isPresent()) {
      ObjectLockXml.DefaultRetention d = config.get().rule().get();
      mode = d.mode();
      until = d.until(now);
    }
    boolean hold = false;
    if (holdHeader != null) {
      hold = switch (holdHeader) {
        case "ON" -> true;
        case "OFF" -> false;
        default -> throw invalidArgument("Legal Hold must be either of 'ON' or 'OFF' (got '" + holdHeader + "')",
            "x-amz-object-lock-legal-hold", holdHeader);
      };
    }
    return mode == null && !hold ? Optional.empty() : Optional.of(new Requested(mode, until, hold));
  }

  private static S3Exception invalidArgument(String message, String name, @Nullable String value) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message).withDetail("ArgumentName", name)
        .withDetail("ArgumentValue", value == null ? "" : value);
  }

  // ---------------------------------------------------------------- the object of a request

  /**
   * Finds the version an object lock call names: the current version of the key, or the one
   * {@code versionId} names.
   *
   * @param req the request
   * @param store the store
   * @param v the volume as the requester may use it
   * @return the version's attributes (a regular file)
   * @throws S3Exception {@code NoSuchKey}, {@code NoSuchVersion}, {@code MethodNotAllowed} for a
   *     delete marker
   */
  static Attributes target(OpRequest req, Store store, Volume v) {
    KeyPath key = KeyPath.parse(req.requireKey());
    String version = req.param("versionId");
    Volume bucket = store.bucket(req.requireBucket());
    if (version != null) {
      return VersionedRead.named(bucket, key, version, false).attributes();
    }
    Optional<Store.Found> f = Store.tryFind(v, key);
    if (f.isEmpty() || !f.get().attributes().isFile()) {
      throw VersionedRead.noSuchKey(bucket, key);
    }
    return f.get().attributes();
  }

  /**
   * Reads a small request document, checking the integrity S3 requires of it.
   *
   * @param req the request
   * @param what the operation, for the message
   * @return the body
   * @throws java.io.IOException if the body cannot be read
   */
  static byte[] body(OpRequest req, String what) throws java.io.IOException {
    requireIntegrity(req, what);
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(ObjectLockXml.MAX_BYTES);
    integrity.update(java.nio.ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    return body;
  }

  // ---------------------------------------------------------------- reads and bypass

  /**
   * Adds the lock headers of GET and HEAD for a locked version: mode and date when it has a
   * retention, and the legal hold status when it has any lock state.
   *
   * <p>A bucket without Object Lock holds no locked version: retention and legal holds are set
   * only where it is enabled ({@link #require}), and it cannot be turned off again. Its versions'
   * lock state is not read at all (over a remote backend, one round trip less per GET and HEAD).
   *
   * @param bucket the bucket's volume, for its configuration (answered from the settings cache)
   * @param v the volume the version is read through
   * @param a the version's attributes
   * @param h the response headers
   */
  public static void toResponse(Volume bucket, Volume v, Attributes a, HttpHeadersBuilder h) {
    if (!a.isFile() || configuration(bucket).isEmpty()) {
      return;
    }
    Retention r;
    try {
      r = v.getRetention(a.id());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.UNSUPPORTED) {
        return;
      }
      throw e;
    }
    if (r.equals(Retention.NONE)) {
      return;
    }
    if (r.mode() != null && r.retainUntil() != null) {
      h.set("x-amz-object-lock-mode", r.mode().name());
      h.set("x-amz-object-lock-retain-until-date", ObjectLockXml.formatDate(r.retainUntil()));
    }
    h.set("x-amz-object-lock-legal-hold", r.legalHold() ? "ON" : "OFF");
  }

  /**
   * Returns whether a request bypasses governance retention: it says {@code
   * x-amz-bypass-governance-retention: true}. Whether its signer may is decided before the handler
   * by the access decorator ({@code access.AccessControl}, the action {@code
   * s3:BypassGovernanceRetention}: bucket owner, {@code admin} grant or bucket policy), which
   * drops the header from a request not entitled to it, so the retention then refuses as it would
   * without it ({@code AccessDenied}), as S3 does.
   *
   * @param req the request
   * @param store the store
   * @return whether governance retention may be shortened or removed
   */
  public static boolean bypass(OpRequest req, Store store) {
    String h = req.header("x-amz-bypass-governance-retention");
    return h != null && h.strip().equalsIgnoreCase("true");
  }

  /**
   * Before a specific version is deleted (DeleteObject or DeleteObjects with a version id) with
   * the governance bypass ({@link #bypass}): lifts its governance retention, so that the deletion
   * then succeeds. A version under legal hold or compliance retention is left as it is: the
   * backend refuses its deletion, whoever asks ({@code AccessDenied}).
   *
   * @param req the request
   * @param store the store
   * @param v the volume as the requester may use it
   * @param key the key
   * @param versionId the version about to be deleted
   */
  public static void liftGovernanceForDelete(OpRequest req, Store store, Volume v, KeyPath key,
      String versionId) {
    if (!bypass(req, store)) {
      return;
    }
    Optional<Versions.Version> found = Versions.find(store.bucket(req.requireBucket()), key, versionId);
    if (found.isEmpty() || found.get().deleteMarker() || !found.get().attributes().isFile()) {
      return;
    }
    Attributes a = found.get().attributes();
    Retention r = v.getRetention(a.id());
    if (r.mode() == RetentionMode.GOVERNANCE && r.periodInEffect(store.clock().instant()) && !r.legalHold()) {
      v.setRetention(a.id(), null, null, true);
    }
  }
}

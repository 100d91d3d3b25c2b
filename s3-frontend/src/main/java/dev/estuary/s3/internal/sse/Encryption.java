package dev.estuary.s3.internal.sse;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.core.KeyWrapper;
import dev.estuary.core.MasterKeys;
import dev.estuary.dfs.EncryptedObjects;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.ops.Xattrs;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Server-side encryption as the handlers use it: which key a new object gets (the request's
 * SSE-C key, SSE-S3 asked for by header or by the bucket's default encryption, or none), which key
 * an existing object needs and whether the request gave it, and the headers S3 answers with.
 *
 * <p><b>SSE-C over plain HTTP.</b> S3 accepts customer keys only over TLS ("Requests specifying
 * Server Side Encryption with Customer provided keys must be made over a secure connection"): a
 * key sent in clear is a key given away. So does this gateway, with one exception an administrator
 * may turn on ({@code frontends.s3.sse-c-over-http = loopback}): plain HTTP from a loopback client
 * (127.0.0.0/8, ::1), where the key never crosses a network.
 */
public final class Encryption {
  /** The extended attribute of a bucket's root holding its default encryption. */
  public static final String BUCKET_XATTR = "estuary.s3.bucket-encryption";

  private static final byte[] CHECK_LABEL = "estuary-sse-c-check".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ETAG_LABEL = "estuary-sse-c-etag".getBytes(StandardCharsets.US_ASCII);

  private final KeyWrapper masterKeys;
  private final SecureRandom random;
  private final boolean customerKeysOverLoopbackHttp;

  /**
   * Creates the service.
   *
   * @param masterKeys the appliance master keys (SSE-S3)
   * @param random the source of data keys and salts
   * @param customerKeysOverLoopbackHttp whether SSE-C is accepted over plain HTTP from a loopback
   *     client
   */
  public Encryption(KeyWrapper masterKeys, SecureRandom random,
      boolean customerKeysOverLoopbackHttp) {
    this.masterKeys = requireNonNull(masterKeys, "masterKeys");
    this.random = requireNonNull(random, "random");
    this.customerKeysOverLoopbackHttp = customerKeysOverLoopbackHttp;
  }

  /**
   * How a request reached the server, for the SSE-C transport rule.
   *
   * @param tls whether over TLS
   * @param loopback whether the client address is a loopback address
   */
  public record Transport(boolean tls, boolean loopback) {}

  // ---- Writing ----

  /**
   * Decides the encryption of an object a request writes: the request's SSE-C key, SSE-S3 by
   * header, else the bucket's default encryption, else none.
   *
   * @param h the request headers
   * @param transport how the request came
   * @param bucket the bucket's volume (for its default encryption)
   * @return the target, or null for an unencrypted object
   */
  public @Nullable Target target(HttpHeaders h, Transport transport, Volume bucket) {
    SseHeaders.CustomerKey ck = SseHeaders.customerKey(h, SseHeaders.CUSTOMER);
    boolean s3 = SseHeaders.applianceKey(h);
    if (ck != null && s3) {
      throw SseHeaders.invalid(SseHeaders.SSE, "AES256", "Server Side Encryption with Customer"
          + " provided key is incompatible with the encryption method specified ("
          + SseHeaders.SSE + " and " + SseHeaders.CUSTOMER + "* together, expected: one)");
    }
    if (ck != null) {
      requireSecure(transport);
      byte[] salt = salt();
      byte[] check = ByteBuffer.allocate(48).put(salt)
          .put(BlockCipher.hmac(ck.key(), CHECK_LABEL, salt)).array();
      return new Target(new SseRecord(SseRecord.Scheme.CUSTOMER, check, 0, new byte[0],
          List.of()), ck.key(), ck.md5());
    }
    if (s3 || bucketDefault(bucket).isPresent()) {
      byte[] dataKey = new byte[32];
      random.nextBytes(dataKey);
      MasterKeys.Wrapped w = masterKeys.wrap(dataKey);
      return new Target(new SseRecord(SseRecord.Scheme.APPLIANCE, new byte[0], w.keyId(),
          w.wrapped(), List.of()), dataKey, null);
    }
    return null;
  }

  /**
   * Returns the target of an upload's parts: the key recorded at CreateMultipartUpload, which
   * for SSE-C the part's request must give again.
   *
   * @param h the UploadPart request's headers
   * @param transport how it came
   * @param v the volume
   * @param uploadDir the upload's directory
   * @return the target, or null when the upload is unencrypted
   * @throws S3Exception {@code InvalidRequest} when the request's SSE-C key is missing, differs
   *     from the upload's, or is given for an unencrypted upload
   */
  public @Nullable Target uploadTarget(HttpHeaders h, Transport transport, Volume v,
      ObjectId uploadDir) {
    SseHeaders.CustomerKey ck = SseHeaders.customerKey(h, SseHeaders.CUSTOMER);
    Optional<SseRecord> r = record(v, uploadDir);
    if (r.isEmpty()) {
      if (ck != null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The multipart upload was not"
            + " initiated with Server Side Encryption with Customer provided keys (expected: no "
            + SseHeaders.CUSTOMER + "* headers on its parts)");
      }
      return null;
    }
    SseRecord rec = r.get();
    if (rec.scheme() == SseRecord.Scheme.APPLIANCE) {
      if (ck != null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The multipart upload was initiated"
            + " with SSE-S3 (expected: no " + SseHeaders.CUSTOMER + "* headers on its parts)");
      }
      return new Target(rec, unwrap(rec), null);
    }
    if (ck == null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The multipart upload initiate requested"
          + " encryption. Subsequent part requests must include the appropriate encryption"
          + " parameters (" + SseHeaders.CUSTOMER + "*: missing)");
    }
    requireSecure(transport);
    if (!keyMatches(rec, ck.key())) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The provided encryption parameters did"
          + " not match the ones used originally (" + SseHeaders.CUSTOMER + "key-MD5: "
          + ck.md5() + ")");
    }
    return new Target(rec, ck.key(), ck.md5());
  }

  /**
   * The encryption of an object (or part, or upload) being written.
   */
  public final class Target {
    private final SseRecord template;
    private final byte[] objectKey;
    private final @Nullable String customerKeyMd5;

    private Target(SseRecord template, byte[] objectKey, @Nullable String customerKeyMd5) {
      this.template = template.withSegments(List.of());
      this.objectKey = objectKey.clone();
      this.customerKeyMd5 = customerKeyMd5;
    }

    /**
     * Starts a segment whose ciphertext goes to {@code out} from {@code start}.
     *
     * @param out the object or part being written
     * @param start the stored offset
     * @return the sink
     */
    public EncryptingSink segment(FileHandle out, long start) {
      return new EncryptingSink(out, start, objectKey, salt());
    }

    /**
     * Returns the ETag S3 shows for an object written with this key: for SSE-S3 the plaintext's
     * MD5, as S3 shows; for SSE-C a value keyed by the customer key ({@code
     * HMAC-SHA256(key, label || md5)}, 16 bytes), since S3's SSE-C ETag is not the MD5 of the
     * plaintext and an MD5 would let anyone who can list confirm a guess of the content.
     *
     * @param md5Hex the plaintext's MD5
     * @return the ETag, 32 hex digits
     */
    public String etag(String md5Hex) {
      if (template.scheme() == SseRecord.Scheme.APPLIANCE) {
        return md5Hex;
      }
      byte[] mac = BlockCipher.hmac(objectKey, ETAG_LABEL, HexFormat.of().parseHex(md5Hex));
      return HexFormat.of().formatHex(mac, 0, 16);
    }

    /**
     * Adds the response headers S3 sends for an object written with this key.
     *
     * @param h the response headers
     */
    public void headers(HttpHeadersBuilder h) {
      Encryption.headers(h, template.scheme(), customerKeyMd5);
    }

    /**
     * Records the key without segments (on an upload's directory).
     *
     * @param v the volume
     * @param id the directory
     */
    public void recordUpload(Volume v, ObjectId id) {
      v.setXattr(id, UPLOAD_XATTR, template.encode(), XattrMode.UPSERT);
    }

    /**
     * Records an uploaded part's segment on the part's file.
     *
     * @param v the volume
     * @param id the part
     * @param segment its segment
     */
    public void recordPart(Volume v, ObjectId id, SseRecord.Segment segment) {
      v.setXattr(id, UPLOAD_XATTR, template.withSegments(List.of(segment)).encode(),
          XattrMode.UPSERT);
    }

    /**
     * Marks an object encrypted with its segments ({@link EncryptedObjects#XATTR}); done before it
     * is linked under a name.
     *
     * @param v the volume
     * @param id the object
     * @param segments its segments
     */
    public void mark(Volume v, ObjectId id, List<SseRecord.Segment> segments) {
      v.setXattr(id, EncryptedObjects.XATTR, template.withSegments(segments).encode(),
          XattrMode.UPSERT);
    }
  }

  /**
   * Marks an object assembled from an encrypted upload's parts ({@link EncryptedObjects#XATTR}):
   * the upload's key, one segment per part in order.
   *
   * @param v the volume
   * @param id the object
   * @param upload the upload's record
   * @param segments the parts' segments
   */
  public static void markAssembled(Volume v, ObjectId id, SseRecord upload,
      List<SseRecord.Segment> segments) {
    v.setXattr(id, EncryptedObjects.XATTR, upload.withSegments(segments).encode(),
        XattrMode.UPSERT);
  }

  /**
   * Adds the response headers of an object written under an upload's record (CompleteMultipart
   * Upload, which carries no key).
   *
   * @param h the response headers
   * @param upload the upload's record
   */
  public static void headers(HttpHeadersBuilder h, SseRecord upload) {
    headers(h, upload.scheme(), null);
  }

  /** The extended attribute of an upload directory (the key its parts use) and of each part. */
  public static final String UPLOAD_XATTR = "estuary.s3.upload-sse";

  // ---- Reading ----

  /**
   * Returns the encryption record of an object, part or upload, if it has one.
   *
   * @param v the volume
   * @param id the object
   * @return the record
   */
  public static Optional<SseRecord> record(Volume v, ObjectId id) {
    // Asked on every GET and HEAD: one listing, no exception for unencrypted objects (Xattrs).
    List<String> names = Xattrs.names(v, id);
    return record(id, name -> Xattrs.get(v, id, names, name));
  }

  /** The extended attributes {@link #record(SmallRead)} needs a {@link Volume#readSmall} to ask for. */
  public static final Set<String> RECORD_XATTRS = Set.of(EncryptedObjects.XATTR, UPLOAD_XATTR);

  /**
   * Returns the encryption record of an object as a {@link Volume#readSmall} asking for {@link
   * #RECORD_XATTRS} returned it, with no further backend call.
   *
   * @param r the read
   * @return the record, or empty for an unencrypted object
   */
  public static Optional<SseRecord> record(SmallRead r) {
    return record(r.attributes().id(), name -> Optional.ofNullable(r.xattrs().get(name)));
  }

  private static Optional<SseRecord> record(ObjectId id,
      Function<String, Optional<byte[]>> read) {
    for (String name : new String[] {EncryptedObjects.XATTR, UPLOAD_XATTR}) {
      try {
        Optional<byte[]> raw = read.apply(name);
        if (raw.isPresent()) {
          return Optional.of(SseRecord.decode(raw.get()));
        }
      } catch (IllegalArgumentException e) {
        throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "object " + id + ": its encryption"
            + " record cannot be read (" + e.getMessage() + ")", e);
      }
    }
    return Optional.empty();
  }

  /**
   * Checks the key a request gives for an existing object and returns what decrypts it.
   *
   * @param h the request headers
   * @param transport how the request came
   * @param v the volume
   * @param id the object
   * @param copySource whether the object is a copy's source (keys in {@link
   *     SseHeaders#COPY_SOURCE_CUSTOMER})
   * @return the source, or null for an unencrypted object
   * @throws S3Exception {@code InvalidRequest} (400) when an SSE-C object is read without its key
   *     or an unencrypted or SSE-S3 object with one; {@code AccessDenied} (403) for a wrong key
   */
  public @Nullable Source source(HttpHeaders h, Transport transport, Volume v, ObjectId id,
      boolean copySource) {
    return source(h, transport, record(v, id), copySource);
  }

  /**
   * Checks the key a request gives for an existing object whose record was already read ({@link
   * #record(SmallRead)}) and returns what decrypts it; see {@link #source(HttpHeaders, Transport,
   * Volume, ObjectId, boolean)}.
   *
   * @param h the request headers
   * @param transport how the request came
   * @param r the object's encryption record, or empty
   * @param copySource whether the object is a copy's source
   * @return what decrypts it, or null for an unencrypted object
   */
  public @Nullable Source source(HttpHeaders h, Transport transport, Optional<SseRecord> r,
      boolean copySource) {
    String prefix = copySource ? SseHeaders.COPY_SOURCE_CUSTOMER : SseHeaders.CUSTOMER;
    SseHeaders.CustomerKey ck = SseHeaders.customerKey(h, prefix);
    if (r.isEmpty() || r.get().scheme() == SseRecord.Scheme.APPLIANCE) {
      if (ck != null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The encryption parameters are not"
            + " applicable to this object (" + prefix + "*: the object is "
            + (r.isEmpty() ? "not encrypted" : "encrypted with SSE-S3") + ")");
      }
      return r.isEmpty() ? null : new Source(r.get(), unwrap(r.get()), null);
    }
    if (ck == null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The object was stored using a form of"
          + " Server Side Encryption. The correct parameters must be provided to retrieve the"
          + " object (" + prefix + "*: missing)");
    }
    requireSecure(transport);
    if (!keyMatches(r.get(), ck.key())) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Access Denied (" + prefix
          + "key: not the key the object was encrypted with)");
    }
    return new Source(r.get(), ck.key(), ck.md5());
  }

  /** What decrypts an existing encrypted object. */
  public static final class Source {
    private final SseRecord record;
    private final byte[] objectKey;
    private final @Nullable String customerKeyMd5;

    private Source(SseRecord record, byte[] objectKey, @Nullable String customerKeyMd5) {
      this.record = record;
      this.objectKey = objectKey.clone();
      this.customerKeyMd5 = customerKeyMd5;
    }

    /**
     * Returns the object's plaintext size.
     *
     * @return the size S3 reports
     */
    public long size() {
      return record.plainSize();
    }

    /**
     * Opens a plaintext reader over the object's handle.
     *
     * @param in the handle
     * @return the reader
     * @throws S3Exception {@code InternalError} when the stored size is not what the record says
     */
    public DecryptingReader reader(FileHandle in) {
      DecryptingReader r = new DecryptingReader(in, objectKey, record);
      long stored = in.size();
      if (stored != r.cipherSize()) {
        throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "encrypted object " + in.id()
            + ": stored size " + stored + " bytes (expected: " + r.cipherSize()
            + ", as its encryption record says)");
      }
      return r;
    }

    /**
     * Adds the response headers S3 sends for this object.
     *
     * @param h the response headers
     */
    public void headers(HttpHeadersBuilder h) {
      Encryption.headers(h, record.scheme(), customerKeyMd5);
    }
  }

  // ---- Bucket default ----

  /**
   * Returns a bucket's default encryption.
   *
   * @param bucket the bucket's volume
   * @return the stored configuration document, or empty
   */
  public static Optional<byte[]> bucketDefault(Volume bucket) {
    // Asked on every PUT: no exception for buckets without a default (Xattrs).
    return Xattrs.get(bucket, bucket.root(), BUCKET_XATTR);
  }

  // ---- Helpers ----

  private static void headers(HttpHeadersBuilder h, SseRecord.Scheme scheme,
      @Nullable String customerKeyMd5) {
    if (scheme == SseRecord.Scheme.APPLIANCE) {
      h.set(SseHeaders.SSE, "AES256");
    } else {
      h.set(SseHeaders.CUSTOMER + "algorithm", "AES256");
      if (customerKeyMd5 != null) {
        h.set(SseHeaders.CUSTOMER + "key-MD5", customerKeyMd5);
      }
    }
  }

  private void requireSecure(Transport t) {
    if (!t.tls() && !(customerKeysOverLoopbackHttp && t.loopback())) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Requests specifying Server Side"
          + " Encryption with Customer provided keys must be made over a secure connection"
          + " (expected: https" + (customerKeysOverLoopbackHttp ? ", or http from a loopback"
          + " address" : "; frontends.s3.sse-c-over-http = loopback allows http from a loopback"
          + " address") + ")");
    }
  }

  private static boolean keyMatches(SseRecord r, byte[] key) {
    byte[] check = r.check();
    byte[] salt = java.util.Arrays.copyOf(check, BlockCipher.SALT);
    byte[] mac = java.util.Arrays.copyOfRange(check, BlockCipher.SALT, check.length);
    return MessageDigest.isEqual(mac, BlockCipher.hmac(key, CHECK_LABEL, salt));
  }

  private byte[] unwrap(SseRecord r) {
    try {
      return masterKeys.unwrap(new MasterKeys.Wrapped(r.masterKeyId(), r.wrappedKey()));
    } catch (IllegalStateException e) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "SSE-S3 data key cannot be unwrapped: "
          + e.getMessage(), e);
    }
  }

  private byte[] salt() {
    byte[] s = new byte[BlockCipher.SALT];
    random.nextBytes(s);
    return s;
  }
}

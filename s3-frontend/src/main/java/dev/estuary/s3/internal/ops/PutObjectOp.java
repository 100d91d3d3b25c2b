package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.Encryption;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PutObject ({@code PUT /bucket/key}). The body streams into an unlinked object, is verified
 * (Content-MD5, {@code x-amz-checksum-*}), gets its metadata and is synced, and only then is
 * linked under its key and the name made durable: a failed or interrupted upload leaves nothing
 * visible. {@code If-None-Match: *} links without replacing (412 if the key exists by then);
 * {@code If-Match} compares the current ETag just before linking (not atomic with the link).
 */
final class PutObjectOp implements Handler {
  /** The MD5 of nothing: the ETag of a folder marker. */
  private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  private final Versions versions;

  /**
   * Creates the handler.
   *
   * @param versions the versioning service
   */
  PutObjectOp(Versions versions) {
    this.versions = versions;
  }

  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    KeyPath key = KeyPath.parse(req.requireKey());
    Uploads.refuseReserved(key);
    // The bucket is opened once for the whole request (over a remote backend, each opening is a
    // round trip): the checked view and the settings reads below share it.
    Volume bucket = store.bucket(req.requireBucket());
    CheckedVolume v = store.volume(bucket, req.requirePrincipal());
    ObjectMeta meta = MetaHeaders.fromRequest(req.headers(), store.settings(),
        Tagging.fromHeader(req.header("x-amz-tagging")));
    if (key.isDirectory()) {
      return putDirectory(req, v, key, meta);
    }
    String ifNoneMatch = req.header("if-none-match");
    String ifMatch = req.header("if-match");
    if (ifNoneMatch != null && !ifNoneMatch.strip().equals("*")) {
      throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
          "If-None-Match: '" + ifNoneMatch + "' (expected: '*' on PUT)");
    }
    if (ifNoneMatch != null && ifMatch != null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
          "If-Match and If-None-Match together (expected: one of them on PUT)");
    }
    if (ifNoneMatch != null && Store.tryFind(v, key).isPresent()) {
      throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED,
          "If-None-Match: '*' but key '" + key.key() + "' exists (expected: no object)")
          .withDetail("Condition", "If-None-Match");
    }
    if (ifMatch != null) {
      checkIfMatch(v, key, ifMatch);
    }
    Optional<ObjectLock.Requested> lock = ObjectLock.fromHeaders(req, bucket,
        store.clock().instant(), "Put Object");
    Integrity integrity = Integrity.of(req);
    Encryption.Target enc = store.encryption().target(req.headers(), SseOps.transport(req),
        bucket);
    try (ObjectWriter.Staged staged = ObjectWriter.stage(v, v.defaults().fileMode(),
        v.newOwner(), req.body(), integrity, store.settings().maxPutBytes(), enc)) {
      String checksum = integrity.checksum();
      String etag = enc == null ? integrity.md5Hex() : enc.etag(integrity.md5Hex());
      ObjectMeta m = meta.withContent(etag, integrity.algorithm(), checksum,
          checksum == null ? null : "FULL_OBJECT", List.of());
      if (enc != null) {
        m = m.withPlainSize(staged.size());
        enc.mark(v, staged.handle().id(), List.of(java.util.Objects.requireNonNull(staged.segment())));
      }
      ObjectMeta sealed = ObjectWriter.seal(v, staged.handle(), m);
      lock.ifPresent(l -> l.apply(v, staged.handle().id()));
      if (ifMatch != null) {
        checkIfMatch(v, key, ifMatch);
      }
      Versions.Published p = versions.publish(store, bucket, v,
          staged.handle(), sealed, key,
          ifNoneMatch != null ? RenameMode.NO_REPLACE : RenameMode.REPLACE);
      HttpHeadersBuilder h = HttpHeaders.builder().add("etag", '"' + etag + '"');
      if (enc != null) {
        enc.headers(h);
      }
      if (p.versionId() != null) {
        h.add("x-amz-version-id", p.versionId());
      }
      BucketLifecycle.expirationHeader(bucket, key.key(), m.tags(),
          p.attributes().size(), p.attributes().modifyTime())
          .ifPresent(x -> h.add("x-amz-expiration", x));
      if (checksum != null) {
        h.add("x-amz-checksum-" + integrity.algorithm().toLowerCase(Locale.ROOT), checksum);
        h.add("x-amz-checksum-type", "FULL_OBJECT");
      }
      return Reply.empty(200, h.build());
    }
  }

  private static void checkIfMatch(Volume v, KeyPath key, String ifMatch) {
    Optional<Store.Found> cur = Store.tryFind(v, key);
    if (cur.isEmpty()) {
      throw Store.noSuchKey(key.key());
    }
    String etag = Store.etag(cur.get().attributes(), Store.meta(v, cur.get().attributes()));
    if (!Conditionals.matches(ifMatch, etag)) {
      throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED, "If-Match: " + ifMatch
          + " but the current ETag is \"" + etag + "\"").withDetail("Condition", "If-Match");
    }
  }

  /** A zero-length PUT of {@code dir/} creates the directory (a folder marker); see {@link KeyPath}. */
  private static Reply putDirectory(OpRequest req, CheckedVolume v, KeyPath key, ObjectMeta meta)
      throws IOException {
    if (req.body().declaredLength() > 0 || req.body().stream().read() >= 0) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key()
          + "' ends in '/', which names a directory: only an empty body can be stored there")
          .withDetail("ArgumentName", "key").withDetail("ArgumentValue", key.key());
    }
    try {
      v.mkdirs(String.join("/", key.segments()), v.defaults().dirMode(), v.newOwner());
    } catch (dev.estuary.dfs.DfsException e) {
      if (e.kind() == dev.estuary.dfs.ErrorKind.NOT_DIRECTORY) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key()
            + "' cannot be a directory: a prefix of it is an existing object")
            .withDetail("ArgumentName", "key").withDetail("ArgumentValue", key.key());
      }
      throw e;
    }
    // The metadata makes the directory an object of its own, listed as on S3 (Store#isFolderMarker).
    dev.estuary.dfs.Attributes dir = Store.directory(v, key.segments()).orElseThrow(
        () -> Store.noSuchKey(key.key()));
    v.setXattr(dir.id(), dev.estuary.s3.internal.codec.ObjectMetaCodec.XATTR,
        dev.estuary.s3.internal.codec.ObjectMetaCodec.encode(meta.withContent(EMPTY_MD5, null,
            null, null, List.of())), dev.estuary.dfs.XattrMode.UPSERT);
    v.syncNamespace();
    return Reply.empty(200, HttpHeaders.of("etag", '"' + EMPTY_MD5 + '"'));
  }
}

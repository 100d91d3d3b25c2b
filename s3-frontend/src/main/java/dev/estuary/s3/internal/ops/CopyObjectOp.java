package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RenameMode;
import dev.estuary.s3.internal.codec.CopyObjectResultXml;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CopyObject ({@code PUT /bucket/key} with {@code x-amz-copy-source}), within and across buckets.
 * {@code x-amz-metadata-directive} COPY (default) keeps the source's metadata, REPLACE takes the
 * request's; {@code x-amz-tagging-directive} likewise for tags. When the source's MD5 ETag is
 * known the bytes are copied inside the backend (copy range) and the ETag carried over, since the
 * bytes are the same; otherwise they stream through a bounded buffer and get a fresh MD5. Like a
 * PUT, the copy is written unlinked, synced and only then linked.
 */
final class CopyObjectOp implements Handler {
  private final Versions versions;

  /**
   * Creates the handler.
   *
   * @param versions the versioning service
   */
  CopyObjectOp(Versions versions) {
    this.versions = versions;
  }

  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Uploads.refuseReserved(key);
    if (key.isDirectory()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key()
          + "' ends in '/', which names a directory: it cannot be a copy target")
          .withDetail("ArgumentName", "key").withDetail("ArgumentValue", key.key());
    }
    CheckedVolume v = store.volume(req);
    try (CopySource src = CopySource.resolve(req, store)) {
      return copyObject(req, store, v, key, src, versions);
    }
  }

  private static Reply copyObject(OpRequest req, Store store, CheckedVolume v, KeyPath key,
      CopySource src, Versions versions) {
    String directive = directive(req, "x-amz-metadata-directive");
    String tagDirective = directive(req, "x-amz-tagging-directive");
    // Copying an older version onto its own key restores it (S3 User Guide, "Restoring previous
    // versions"): only the current object copied onto itself is the same object.
    boolean sameObject = src.bucket().equals(req.requireBucket())
        && src.key().key().equals(key.key())
        && Store.tryFind(v, key).map(f -> f.attributes().id().equals(src.attributes().id()))
            .orElse(false);
    if (sameObject && directive.equals("COPY") && tagDirective.equals("COPY")) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "This copy request is illegal because"
          + " it is trying to copy an object to itself without changing the object's metadata,"
          + " storage class, website redirect location or encryption attributes.");
    }
    if (src.attributes().size() > store.settings().maxPutBytes()) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The specified copy source is larger"
          + " than the maximum allowable size for a copy source: " + store.settings().maxPutBytes());
    }
    ObjectMeta meta = directive.equals("REPLACE")
        ? MetaHeaders.fromRequest(req.headers(), store.settings(), src.meta().tags())
        : src.meta();
    Map<String, String> tags = tagDirective.equals("REPLACE")
        ? Tagging.fromHeader(req.header("x-amz-tagging")) : src.meta().tags();
    meta = meta.withTags(tags);
    Attributes tmp = v.createUnlinked(v.defaults().fileMode(), v.newOwner());
    try (FileHandle dst = v.open(tmp.id(), OpenMode.READ_WRITE)) {
      FileHandle in = src.handle();
      long size = src.attributes().size();
      String etag;
      ObjectMeta stored;
      if (src.meta().etag() != null) {
        CopySource.copy(in, 0, size, dst, null);
        etag = src.meta().etag();
        stored = meta.withContent(etag, src.meta().checksumAlgorithm(),
            src.meta().checksumValue(), src.meta().checksumType(), src.meta().partSizes());
      } else {
        Integrity integrity = Integrity.none();
        CopySource.copy(in, 0, size, dst, integrity);
        integrity.finish(Map.of());
        etag = integrity.md5Hex();
        stored = meta.withContent(etag, null, null, null, List.of());
      }
      if (dst.size() != size) {
        throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "copy source changed during the copy");
      }
      ObjectMeta sealed = ObjectWriter.seal(v, dst, stored);
      Versions.Published p = versions.publish(store, store.bucket(req.requireBucket()), v, dst,
          sealed, key, RenameMode.REPLACE);
      Attributes a = p.attributes();
      HttpHeadersBuilder h = HttpHeaders.builder();
      if (p.versionId() != null) {
        h.add("x-amz-version-id", p.versionId());
      }
      if (src.versionId() != null) {
        h.add("x-amz-copy-source-version-id", src.versionId());
      }
      if (stored.checksumAlgorithm() != null && stored.checksumValue() != null) {
        h.add("x-amz-checksum-" + stored.checksumAlgorithm().toLowerCase(Locale.ROOT),
            stored.checksumValue());
      }
      return Reply.xml(200, h, CopyObjectResultXml.encode("CopyObjectResult", etag,
          a.modifyTime(), stored.checksumAlgorithm(), stored.checksumValue()));
    }
  }

  static String directive(OpRequest req, String header) {
    String d = req.header(header);
    if (d == null) {
      return "COPY";
    }
    String u = d.strip().toUpperCase(Locale.ROOT);
    if (!u.equals("COPY") && !u.equals("REPLACE")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
          header + ": '" + d + "' (expected: COPY or REPLACE)").withDetail("ArgumentName", header)
          .withDetail("ArgumentValue", d);
    }
    return u;
  }
}

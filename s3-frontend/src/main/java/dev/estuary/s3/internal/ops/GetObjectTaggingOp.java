package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.TaggingResultXml;

/**
 * GetObjectTagging ({@code GET /bucket/key?tagging}): the stored tag set, empty if none, of the
 * current object or of the version {@code versionId} names.
 */
final class GetObjectTaggingOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.volume(req);
    String version = req.param("versionId");
    dev.estuary.dfs.Volume bucket = store.bucket(req.requireBucket());
    ObjectMeta m = Store.retryStale(() -> {
      if (version != null) {
        return Store.meta(v, VersionedRead.named(bucket, key, version, false).attributes());
      }
      java.util.Optional<Store.Found> f = Store.tryFind(v, key);
      if (f.isEmpty()) {
        throw VersionedRead.noSuchKey(bucket, key);
      }
      return f.get().attributes().isFile() ? Store.meta(v, f.get().attributes())
          : ObjectMeta.EMPTY;
    });
    String shown = VersionedRead.header(bucket, version, m.versionId());
    com.linecorp.armeria.common.HttpHeadersBuilder h =
        com.linecorp.armeria.common.HttpHeaders.builder();
    if (shown != null) {
      h.add("x-amz-version-id", shown);
    }
    return Reply.xml(200, h, TaggingResultXml.encode(m.tags()));
  }
}

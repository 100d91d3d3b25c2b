package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.TaggingResultXml;

/** GetObjectTagging ({@code GET /bucket/key?tagging}): the stored tag set, empty if none. */
final class GetObjectTaggingOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.volume(req);
    ObjectMeta m = Store.retryStale(() -> {
      Store.Found f = Store.find(v, key);
      return f.attributes().isFile() ? Store.meta(v, f.attributes()) : ObjectMeta.EMPTY;
    });
    return Reply.xml(TaggingResultXml.encode(m.tags()));
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import java.util.Map;

/** DeleteObjectTagging ({@code DELETE /bucket/key?tagging}): removes the tag set; 204. */
final class DeleteObjectTaggingOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.volume(req);
    ObjectTags.set(v, key, Map.of());
    return Reply.empty(204);
  }
}

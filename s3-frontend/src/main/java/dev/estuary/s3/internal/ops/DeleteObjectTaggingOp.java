package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import java.util.Map;

/**
 * DeleteObjectTagging ({@code DELETE /bucket/key?tagging}): removes the tag set (with {@code
 * versionId}, that version's); 204.
 */
final class DeleteObjectTaggingOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.volume(req);
    String version = req.param("versionId");
    if (version == null) {
      ObjectTags.set(v, key, Map.of());
      return Reply.empty(204);
    }
    ObjectTags.setVersion(v, store.bucket(req.requireBucket()), key, version, Map.of());
    return Reply.empty(204, com.linecorp.armeria.common.HttpHeaders.of("x-amz-version-id",
        version));
  }
}

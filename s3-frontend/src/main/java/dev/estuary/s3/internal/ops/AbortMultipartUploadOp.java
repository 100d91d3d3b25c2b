package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;

/** AbortMultipartUpload ({@code DELETE /bucket/key?uploadId=ID}): removes the parts and the upload. */
final class AbortMultipartUploadOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.bucket(req.requireBucket());
    Uploads.Upload u = Uploads.find(v, req.query().get("uploadId", ""), key.key());
    Uploads.remove(v, u);
    v.syncNamespace();
    return Reply.empty(204);
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;

/**
 * AbortMultipartUpload ({@code DELETE /bucket/key?uploadId=ID}): removes the parts and the upload.
 * It takes the upload's lock, so an Abort sent during a CompleteMultipartUpload waits for it and
 * then answers for its outcome: NoSuchUpload when the Complete published the object (as S3 answers
 * an Abort of a completed upload), 204 with the upload removed when the Complete failed.
 */
final class AbortMultipartUploadOp implements Handler {
  private final UploadLocks locks;

  /**
   * Creates the handler.
   *
   * @param locks the per-upload locks shared with Complete and UploadPart
   */
  AbortMultipartUploadOp(UploadLocks locks) {
    this.locks = locks;
  }

  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.bucket(req.requireBucket());
    String uploadId = req.query().get("uploadId", "");
    try (UploadLocks.Held _ = locks.lock(v.name(), uploadId)) {
      Uploads.Upload u = Uploads.find(v, uploadId, key.key());
      if (UploadClaims.settle(v, u)) {
        throw Uploads.noSuchUpload(uploadId); // a Complete that stopped had published it
      }
      Uploads.remove(v, u);
      v.syncNamespace();
      return Reply.empty(204);
    }
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.sse.Encryption;

/**
 * DeleteBucketEncryption ({@code DELETE /bucket?encryption}): removes the default encryption;
 * 204 either way. Objects already encrypted stay encrypted.
 */
final class DeleteBucketEncryptionOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    try {
      v.removeXattr(v.root(), Encryption.BUCKET_XATTR);
      v.syncNamespace();
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
        throw e;
      }
    }
    return Reply.empty(204);
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;

/** DeleteBucketCors ({@code DELETE /bucket?cors}): removes the configuration; 204 either way. */
final class DeleteBucketCorsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    try {
      v.removeXattr(v.root(), BucketCors.XATTR);
      v.syncNamespace();
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
        throw e;
      }
    }
    return Reply.empty(204);
  }
}

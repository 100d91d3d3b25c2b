package dev.estuary.s3.internal.access;

import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/** DeletePublicAccessBlock ({@code DELETE /bucket?publicAccessBlock}): 204. */
final class DeletePublicAccessBlockOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    BucketAccess.put(store.bucket(req.requireBucket()), BucketAccess.PUBLIC_ACCESS_BLOCK, null);
    return Reply.empty(204);
  }
}

package dev.estuary.s3.internal.access;

import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/** DeleteBucketOwnershipControls ({@code DELETE /bucket?ownershipControls}): 204. */
final class DeleteBucketOwnershipControlsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    BucketAccess.put(store.bucket(req.requireBucket()), BucketAccess.OWNERSHIP, null);
    return Reply.empty(204);
  }
}

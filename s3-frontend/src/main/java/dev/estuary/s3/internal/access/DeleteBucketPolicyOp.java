package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/** DeleteBucketPolicy ({@code DELETE /bucket?policy}): removes the policy; 204 also without one. */
final class DeleteBucketPolicyOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    BucketAccess.put(v, BucketAccess.POLICY, null);
    return Reply.empty(204);
  }
}

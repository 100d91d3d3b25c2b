package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.OwnershipControls;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/**
 * GetBucketOwnershipControls ({@code GET /bucket?ownershipControls}): the stored rule, or
 * OwnershipControlsNotFoundError for a bucket that has none (then objects belong to their writer
 * and ACLs count, as {@code ObjectWriter}).
 */
final class GetBucketOwnershipControlsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String bucket = req.requireBucket();
    Volume v = store.bucket(bucket);
    OwnershipControls.ObjectOwnership o = BucketAccess.read(v).ownership();
    if (o == null) {
      throw new S3Exception(S3ErrorCode.OWNERSHIP_CONTROLS_NOT_FOUND, "bucket '" + bucket
          + "' has no ownership controls").withDetail("BucketName", bucket);
    }
    return Reply.xml(new OwnershipControls(o).encode());
  }
}

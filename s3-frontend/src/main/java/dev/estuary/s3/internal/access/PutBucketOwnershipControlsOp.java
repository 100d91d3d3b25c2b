package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.OwnershipControls;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * PutBucketOwnershipControls ({@code PUT /bucket?ownershipControls}): stores the one rule's
 * {@code ObjectOwnership}; {@code BucketOwnerEnforced} disables ACLs from then on.
 */
final class PutBucketOwnershipControlsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    Volume v = store.bucket(req.requireBucket());
    OwnershipControls c = OwnershipControls.parse(Bodies.read(req, OwnershipControls.MAX_BYTES));
    BucketAccess.put(v, BucketAccess.OWNERSHIP,
        c.objectOwnership().name().getBytes(StandardCharsets.UTF_8));
    return Reply.empty(200);
  }
}

package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.PublicAccessBlock;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * PutPublicAccessBlock ({@code PUT /bucket?publicAccessBlock}): stores the four settings; they
 * take effect at the next request.
 */
final class PutPublicAccessBlockOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    Volume v = store.bucket(req.requireBucket());
    PublicAccessBlock b = PublicAccessBlock.parse(Bodies.read(req, PublicAccessBlock.MAX_BYTES));
    BucketAccess.put(v, BucketAccess.PUBLIC_ACCESS_BLOCK,
        b.encode().getBytes(StandardCharsets.UTF_8));
    return Reply.empty(200);
  }
}

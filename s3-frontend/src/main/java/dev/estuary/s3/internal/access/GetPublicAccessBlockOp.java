package dev.estuary.s3.internal.access;

import dev.estuary.s3.internal.codec.PublicAccessBlock;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/**
 * GetPublicAccessBlock ({@code GET /bucket?publicAccessBlock}): the stored settings, or
 * NoSuchPublicAccessBlockConfiguration.
 */
final class GetPublicAccessBlockOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String bucket = req.requireBucket();
    PublicAccessBlock b = BucketAccess.read(store.bucket(bucket)).publicAccessBlock();
    if (b == null) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_PUBLIC_ACCESS_BLOCK_CONFIGURATION, "bucket '"
          + bucket + "' has no public access block configuration")
          .withDetail("BucketName", bucket);
    }
    return Reply.xml(b.encode());
  }
}

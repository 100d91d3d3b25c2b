package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/**
 * GetObjectLockConfiguration ({@code GET /bucket?object-lock}): the bucket's configuration, or
 * {@code ObjectLockConfigurationNotFoundError} for a bucket without Object Lock.
 */
final class GetObjectLockConfigurationOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    return Reply.xml(ObjectLock.configuration(v).orElseThrow(() -> new S3Exception(
        S3ErrorCode.NO_SUCH_OBJECT_LOCK_CONFIGURATION, "bucket '" + req.requireBucket()
            + "' has no Object Lock configuration").withDetail("BucketName", req.requireBucket()))
        .encode());
  }
}

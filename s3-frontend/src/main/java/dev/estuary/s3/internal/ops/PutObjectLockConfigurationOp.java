package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ObjectLockXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;

/**
 * PutObjectLockConfiguration ({@code PUT /bucket?object-lock}): enables Object Lock on a bucket
 * whose versioning is enabled ({@code InvalidBucketState} otherwise, as S3 answers), or replaces
 * the default retention of a bucket that has it ({@link ObjectLock}). The body must carry
 * Content-MD5 or a checksum.
 */
final class PutObjectLockConfigurationOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    Volume v = store.bucket(req.requireBucket());
    ObjectLockXml.Configuration c =
        ObjectLockXml.Configuration.parse(ObjectLock.body(req, "PutObjectLockConfiguration"));
    if (ObjectLock.configuration(v).isEmpty() && !ObjectLock.versioningEnabled(v)) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_STATE, "Versioning must be 'Enabled' on the"
          + " bucket to apply a Object Lock configuration (bucket '" + req.requireBucket() + "')")
          .withDetail("BucketName", req.requireBucket());
    }
    ObjectLock.store(store, v, c);
    return Reply.empty(200);
  }
}

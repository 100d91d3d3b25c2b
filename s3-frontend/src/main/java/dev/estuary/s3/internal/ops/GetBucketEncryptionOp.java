package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.BucketEncryptionXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.Encryption;

/**
 * GetBucketEncryption ({@code GET /bucket?encryption}): the stored default encryption, or 404
 * {@code ServerSideEncryptionConfigurationNotFoundError} when none was set (as ceph's s3-tests
 * expect; objects are then stored unencrypted unless a request asks).
 */
final class GetBucketEncryptionOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    byte[] stored = Encryption.bucketDefault(v).orElseThrow(() -> new S3Exception(
        S3ErrorCode.SERVER_SIDE_ENCRYPTION_CONFIGURATION_NOT_FOUND, "bucket '"
            + req.requireBucket() + "' has no default encryption configuration")
        .withDetail("BucketName", req.requireBucket()));
    return Reply.xml(BucketEncryptionXml.fromStored(stored).encode());
  }
}

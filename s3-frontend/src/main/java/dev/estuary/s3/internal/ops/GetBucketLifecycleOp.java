package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.MediaType;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.LifecycleConfiguration;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/**
 * GetBucketLifecycleConfiguration ({@code GET /bucket?lifecycle}): the stored rules, each with
 * its ID, or NoSuchLifecycleConfiguration.
 */
final class GetBucketLifecycleOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    LifecycleConfiguration c = BucketLifecycle.read(v).orElseThrow(() -> new S3Exception(
        S3ErrorCode.NO_SUCH_LIFECYCLE_CONFIGURATION, "bucket '" + req.requireBucket()
            + "' has no lifecycle configuration").withDetail("BucketName", req.requireBucket()));
    return new Reply(200, HttpHeaders.builder().contentType(MediaType.XML_UTF_8).build(),
        c.toXml(), null, 0);
  }
}

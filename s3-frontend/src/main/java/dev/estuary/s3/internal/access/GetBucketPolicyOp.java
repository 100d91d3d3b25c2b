package dev.estuary.s3.internal.access;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.MediaType;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/** GetBucketPolicy ({@code GET /bucket?policy}): the policy as stored, or NoSuchBucketPolicy. */
final class GetBucketPolicyOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    byte[] policy = BucketAccess.read(v).policy();
    if (policy == null) {
      throw noPolicy(req.requireBucket());
    }
    return new Reply(200, HttpHeaders.builder().contentType(MediaType.JSON).build(), policy,
        null, 0);
  }

  static S3Exception noPolicy(String bucket) {
    return new S3Exception(S3ErrorCode.NO_SUCH_BUCKET_POLICY, "bucket '" + bucket
        + "' has no policy").withDetail("BucketName", bucket);
  }
}

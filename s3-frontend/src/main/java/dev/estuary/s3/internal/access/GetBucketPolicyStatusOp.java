package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.PublicAccessBlock;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/**
 * GetBucketPolicyStatus ({@code GET /bucket?policyStatus}): whether the bucket policy is public
 * ({@link PolicyEvaluator#isPublic}); NoSuchBucketPolicy without a policy, as S3 answers.
 */
final class GetBucketPolicyStatusOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String bucket = req.requireBucket();
    Volume v = store.bucket(bucket);
    byte[] policy = BucketAccess.read(v).policy();
    if (policy == null) {
      throw GetBucketPolicyOp.noPolicy(bucket);
    }
    boolean isPublic = PolicyEvaluator.isPublic(Policy.parse(policy, bucket, u -> true));
    return Reply.xml(PublicAccessBlock.policyStatus(isPublic));
  }
}

package dev.estuary.s3.internal.access;

import dev.estuary.core.IdentityService;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;
import dev.estuary.dfs.Volume;
import java.io.IOException;

/**
 * PutBucketPolicy ({@code PUT /bucket?policy}): the document is size-checked before it is read
 * (20 KB, as AWS), parsed and validated ({@link Policy#parse}: {@code MalformedPolicy} naming what
 * is wrong), refused when public and the bucket blocks public policies ({@code
 * BlockPublicPolicy}: AccessDenied), and stored as sent. 204 as S3 answers.
 */
final class PutBucketPolicyOp implements Handler {
  private final IdentityService identity;

  PutBucketPolicyOp(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    String bucket = req.requireBucket();
    Volume v = store.bucket(bucket);
    long declared = req.body().declaredLength();
    if (declared > Policy.MAX_BYTES) {
      throw new S3Exception(S3ErrorCode.MALFORMED_POLICY, "Policies must be at most "
          + Policy.MAX_BYTES + " bytes (this one is " + declared + ")");
    }
    byte[] body;
    try {
      body = Bodies.read(req, Policy.MAX_BYTES);
    } catch (S3Exception e) {
      if (e.errorCode() == S3ErrorCode.MAX_MESSAGE_LENGTH_EXCEEDED) {
        throw new S3Exception(S3ErrorCode.MALFORMED_POLICY, "Policies must be at most "
            + Policy.MAX_BYTES + " bytes");
      }
      throw e;
    }
    Policy policy = Policy.parse(body, bucket, name -> identity.principal(name).isPresent());
    if (BucketAccess.read(v).block().blockPublicPolicy() && PolicyEvaluator.isPublic(policy)) {
      throw AccessControl.denied("bucket '" + bucket + "' blocks public policies"
          + " (BlockPublicPolicy), and this policy allows everyone");
    }
    BucketAccess.put(v, BucketAccess.POLICY, body);
    return Reply.empty(204);
  }
}

package dev.estuary.s3.internal.ops;

/**
 * DeleteBucketLifecycle ({@code DELETE /bucket?lifecycle}): removes the configuration; 204
 * whether or not there was one, as S3 answers.
 */
final class DeleteBucketLifecycleOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    BucketLifecycle.remove(store.bucket(req.requireBucket()));
    return Reply.empty(204);
  }
}

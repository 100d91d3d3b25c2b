package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;

/** HeadBucket ({@code HEAD /bucket}): 200 with the region when the bucket exists. */
final class HeadBucketOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    store.bucket(req.requireBucket());
    return Reply.empty(200, HttpHeaders.of("x-amz-bucket-region", store.settings().region()));
  }
}

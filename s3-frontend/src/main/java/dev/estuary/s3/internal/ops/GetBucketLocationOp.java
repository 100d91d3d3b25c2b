package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.codec.LocationConstraintXml;

/** GetBucketLocation ({@code GET /bucket?location}): every bucket is in the configured region. */
final class GetBucketLocationOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    store.bucket(req.requireBucket());
    return Reply.xml(LocationConstraintXml.encode(store.settings().region()));
  }
}

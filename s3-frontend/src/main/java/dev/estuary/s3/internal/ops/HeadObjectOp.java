package dev.estuary.s3.internal.ops;

/** HeadObject ({@code HEAD /bucket/key}): GetObject's headers without the body. */
final class HeadObjectOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    return ObjectRead.read(req, store, false);
  }
}

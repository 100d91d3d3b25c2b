package dev.estuary.s3.internal.ops;

/** GetObject ({@code GET /bucket/key}): see {@link ObjectRead}. */
final class GetObjectOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    return ObjectRead.read(req, store, true);
  }
}

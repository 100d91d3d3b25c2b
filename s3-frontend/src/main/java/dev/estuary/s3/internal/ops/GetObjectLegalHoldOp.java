package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.s3.internal.codec.ObjectLockXml;

/**
 * GetObjectLegalHold ({@code GET /bucket/key?legal-hold}): {@code ON} or {@code OFF}; {@code
 * InvalidRequest} on a bucket without Object Lock.
 */
final class GetObjectLegalHoldOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    ObjectLock.require(store.bucket(req.requireBucket()));
    CheckedVolume v = store.volume(req);
    boolean on = Store.retryStale(() -> v.getRetention(ObjectLock.target(req, store, v).id()).legalHold());
    return Reply.xml(ObjectLockXml.encodeLegalHold(on));
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.s3.internal.codec.ObjectLockXml;
import java.io.IOException;

/**
 * PutObjectLegalHold ({@code PUT /bucket/key?legal-hold}): puts a legal hold on a version or takes
 * it off, at any time; {@code InvalidRequest} on a bucket without Object Lock.
 */
final class PutObjectLegalHoldOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    ObjectLock.require(store.bucket(req.requireBucket()));
    boolean on = ObjectLockXml.parseLegalHold(ObjectLock.body(req, "PutObjectLegalHold"));
    CheckedVolume v = store.volume(req);
    Store.retryStale(() -> v.setLegalHold(ObjectLock.target(req, store, v).id(), on));
    v.syncNamespace();
    return Reply.empty(200);
  }
}

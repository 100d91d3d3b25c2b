package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Retention;
import dev.estuary.s3.internal.codec.ObjectLockXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/**
 * GetObjectRetention ({@code GET /bucket/key?retention}): a version's mode and retain-until date;
 * {@code NoSuchObjectLockConfiguration} when it has none, {@code InvalidRequest} on a bucket
 * without Object Lock.
 */
final class GetObjectRetentionOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    ObjectLock.require(store.bucket(req.requireBucket()));
    CheckedVolume v = store.volume(req);
    Retention r = Store.retryStale(() -> v.getRetention(ObjectLock.target(req, store, v).id()));
    if (r.mode() == null) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_OBJECT_RETENTION, "key '" + req.requireKey()
          + "' has no retention");
    }
    return Reply.xml(new ObjectLockXml.Retention(r.mode(), r.retainUntil()).encode());
  }
}

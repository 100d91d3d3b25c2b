package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.s3.internal.codec.ObjectLockXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;

/**
 * PutObjectRetention ({@code PUT /bucket/key?retention}): sets, extends, shortens or removes a
 * version's retention. The backend enforces the rules (a compliance retention only grows; a
 * governance one shrinks or goes only with {@code x-amz-bypass-governance-retention: true} from
 * a holder of the bucket's admin grant, {@link ObjectLock#bypass}); a refusal is {@code
 * AccessDenied}. A bucket without Object Lock is {@code InvalidRequest}; a date not in the future
 * {@code InvalidArgument}.
 */
final class PutObjectRetentionOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    ObjectLock.require(store.bucket(req.requireBucket()));
    ObjectLockXml.Retention r = ObjectLockXml.Retention.parse(ObjectLock.body(req, "PutObjectRetention"));
    if (r.retainUntil() != null && !r.retainUntil().isAfter(store.clock().instant())) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The retain until date must be in the future! ("
          + ObjectLockXml.formatDate(r.retainUntil()) + ")").withDetail("ArgumentName", "RetainUntilDate")
          .withDetail("ArgumentValue", ObjectLockXml.formatDate(r.retainUntil()));
    }
    CheckedVolume v = store.volume(req);
    boolean bypass = ObjectLock.bypass(req, store);
    Store.retryStale(() -> {
      Attributes a = ObjectLock.target(req, store, v);
      return v.setRetention(a.id(), r.mode(), r.retainUntil(), bypass);
    });
    v.syncNamespace();
    return Reply.empty(200);
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.VersioningConfigurationXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * PutBucketVersioning ({@code PUT /bucket?versioning}): sets the state to Enabled or Suspended
 * ({@link Versions#setState}); MFA delete is refused ({@link VersioningConfigurationXml#parse}).
 */
final class PutBucketVersioningOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    Volume v = store.bucket(req.requireBucket());
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(VersioningConfigurationXml.MAX_BYTES);
    integrity.update(ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    VersioningConfigurationXml c = VersioningConfigurationXml.parse(body);
    if (!c.status().equals("Enabled") && ObjectLock.configuration(v).isPresent()) {
      // Object Lock needs every write to make a new version (S3 User Guide, "Object Lock considerations").
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_STATE, "An Object Lock configuration is present on"
          + " bucket '" + req.requireBucket() + "', so the versioning state cannot be changed.")
          .withDetail("BucketName", req.requireBucket());
    }
    Versions.setState(v, c.status().equals("Enabled") ? Versions.State.ENABLED
        : Versions.State.SUSPENDED);
    return Reply.empty(200);
  }
}

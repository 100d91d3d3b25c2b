package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.VersioningConfigurationXml;
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
    Versions.setState(v, c.status().equals("Enabled") ? Versions.State.ENABLED
        : Versions.State.SUSPENDED);
    return Reply.empty(200);
  }
}

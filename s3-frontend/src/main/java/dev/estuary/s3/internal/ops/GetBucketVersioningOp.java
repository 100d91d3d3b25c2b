package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.codec.VersioningConfigurationXml;

/** GetBucketVersioning ({@code GET /bucket?versioning}): unversioned until versioning exists. */
final class GetBucketVersioningOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    store.bucket(req.requireBucket());
    return Reply.xml(VersioningConfigurationXml.encodeUnversioned());
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.codec.VersioningConfigurationXml;

/**
 * GetBucketVersioning ({@code GET /bucket?versioning}): the bucket's state ({@link Versions}); an
 * empty document for a bucket that never had versioning.
 */
final class GetBucketVersioningOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Versions.State s = Versions.state(store.bucket(req.requireBucket()));
    return Reply.xml(VersioningConfigurationXml.encode(s.status()));
  }
}

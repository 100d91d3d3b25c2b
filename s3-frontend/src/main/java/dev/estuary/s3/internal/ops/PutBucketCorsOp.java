package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.CorsConfiguration;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * PutBucketCors ({@code PUT /bucket?cors}): checks the document (s3-auth's {@link
 * CorsConfiguration} parser) and stores it as sent on the volume root ({@link BucketCors}).
 */
final class PutBucketCorsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    Volume v = store.bucket(req.requireBucket());
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(CorsConfiguration.MAX_BYTES);
    integrity.update(ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    CorsConfiguration.parse(body);
    v.setXattr(v.root(), BucketCors.XATTR, body, XattrMode.UPSERT);
    v.syncNamespace();
    return Reply.empty(200);
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.BucketEncryptionXml;
import dev.estuary.s3.internal.sse.Encryption;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * PutBucketEncryption ({@code PUT /bucket?encryption}): checks the configuration (SSE-S3 only,
 * {@link BucketEncryptionXml}) and stores it on the bucket's root; from then on objects written
 * without encryption headers get SSE-S3 ({@link Encryption#target}).
 */
final class PutBucketEncryptionOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    Volume v = store.bucket(req.requireBucket());
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(BucketEncryptionXml.MAX_BYTES);
    integrity.update(ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    BucketEncryptionXml c = BucketEncryptionXml.parse(body);
    v.setXattr(v.root(), Encryption.BUCKET_XATTR, c.stored(), XattrMode.UPSERT);
    v.syncNamespace();
    return Reply.empty(200);
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.LifecycleConfiguration;
import dev.estuary.s3.internal.error.S3ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * PutBucketLifecycleConfiguration ({@code PUT /bucket?lifecycle}): checks the document ({@link
 * LifecycleConfiguration#parse}) and stores it with the bucket ({@link BucketLifecycle}),
 * replacing any. As on S3 the body must carry an integrity check: {@code Content-MD5} or an {@code
 * x-amz-checksum-*} (header or trailer), else {@code InvalidRequest}; a wrong one is {@code
 * BadDigest}.
 */
final class PutBucketLifecycleOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    Volume v = store.bucket(req.requireBucket());
    if (req.header("content-md5") == null && req.header("x-amz-trailer") == null
        && req.headers().names().stream().noneMatch(n -> n.toString().toLowerCase(Locale.ROOT)
            .startsWith("x-amz-checksum-") && !n.toString().equalsIgnoreCase("x-amz-checksum-mode"))) {
      throw S3ErrorCode.INVALID_REQUEST.exception("Missing required header for this request:"
          + " Content-MD5 (expected: Content-MD5 or an x-amz-checksum-* header)");
    }
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(LifecycleConfiguration.MAX_BYTES);
    integrity.update(ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    BucketLifecycle.write(v, LifecycleConfiguration.parse(body, LifecycleConfiguration::randomId));
    return Reply.empty(200);
  }
}

package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.MediaType;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/** GetBucketCors ({@code GET /bucket?cors}): the stored configuration, or NoSuchCORSConfiguration. */
final class GetBucketCorsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    byte[] doc = BucketCors.read(v).orElseThrow(() -> new S3Exception(
        S3ErrorCode.NO_SUCH_CORS_CONFIGURATION, "bucket '" + req.requireBucket()
            + "' has no CORS configuration").withDetail("BucketName", req.requireBucket()));
    return new Reply(200, HttpHeaders.builder().contentType(MediaType.XML_UTF_8).build(), doc,
        null, 0);
  }
}

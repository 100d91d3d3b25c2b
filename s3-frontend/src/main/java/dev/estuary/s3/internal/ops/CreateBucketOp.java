package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.s3.internal.codec.CreateBucketConfiguration;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;

/**
 * CreateBucket ({@code PUT /bucket}): creates the volume (DESIGN §2), named by the S3 bucket rules
 * that {@link Limits#checkVolumeName} enforces ({@code InvalidBucketName}). The root directory is
 * owned by the creator, mode 0755. A {@code CreateBucketConfiguration} naming another region than
 * this endpoint's is refused ({@code IllegalLocationConstraintException}).
 */
final class CreateBucketOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    String name = req.requireBucket();
    Principal p = req.requirePrincipal();
    try {
      Limits.checkVolumeName(name);
    } catch (DfsException e) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME,
          "bucket name '" + name + "': " + e.getMessage()).withDetail("BucketName", name);
    }
    byte[] body = req.body().readAll(CreateBucketConfiguration.MAX_BYTES);
    if (body.length > 0) {
      String want = CreateBucketConfiguration.parse(body).locationConstraint().orElse("");
      if (!want.isEmpty() && !want.equals(store.settings().region())) {
        throw new S3Exception(S3ErrorCode.ILLEGAL_LOCATION_CONSTRAINT, "LocationConstraint: '"
            + want + "' (expected: '" + store.settings().region() + "', this endpoint's region)");
      }
    }
    try {
      store.dfs().createVolume(name, Store.DIR_MODE, Store.owner(p));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.EXISTS) {
        if (store.authorizer().allows(p, name, Permission.ADMIN)) {
          throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU,
              "bucket '" + name + "' exists and is yours").withDetail("BucketName", name);
        }
        throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_EXISTS,
            "bucket '" + name + "' exists").withDetail("BucketName", name);
      }
      if (e.kind() == ErrorKind.INVALID_ARGUMENT) {
        throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME,
            "bucket name '" + name + "': " + e.getMessage()).withDetail("BucketName", name);
      }
      throw e;
    }
    store.dfs().sync();
    return Reply.empty(200, HttpHeaders.of("location", "/" + name));
  }
}

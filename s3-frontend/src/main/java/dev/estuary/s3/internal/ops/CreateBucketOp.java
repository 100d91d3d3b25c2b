package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.s3.internal.codec.CreateBucketConfiguration;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;

/**
 * CreateBucket ({@code PUT /bucket}): creates the volume (DESIGN §2), named by the S3 bucket rules
 * that {@link Limits#checkVolumeName} enforces ({@code InvalidBucketName}). A {@code
 * CreateBucketConfiguration} naming another region than this endpoint's is refused ({@code
 * IllegalLocationConstraintException}).
 *
 * <p>The volume gets the built-in {@link VolumeDefaults} with the creator's primary group as the
 * volume's group: the root directory is 0775, owned by the creator and that group.
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
    boolean objectLock = ObjectLock.requestedAtCreation(req, store);
    try {
      new VolumeDefaults(VolumeDefaults.FILE_MODE, VolumeDefaults.DIR_MODE, p.gid())
          .createVolume(store.dfs(), name, p.uid());
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
    if (objectLock) {
      ObjectLock.enableAtCreation(store, store.bucket(name));
    }
    return Reply.empty(200, HttpHeaders.of("location", "/" + name));
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.List;

/**
 * DeleteBucket ({@code DELETE /bucket}): deletes the volume when it holds no object. The multipart
 * area is hidden from the listing (reserved name) and does not count; unfinished uploads go with
 * the bucket, as in S3. Noncurrent versions and delete markers count ({@link Versions#hasVersions}):
 * S3 refuses to delete a bucket that has any.
 */
final class DeleteBucketOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String name = req.requireBucket();
    Volume v = store.bucket(name);
    List<DirEntry> entries = v.readdir(v.root(), DirCursor.START, 1, false).entries();
    if (!entries.isEmpty() || Versions.hasVersions(v)) {
      throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY,
          "bucket '" + name + "' is not empty (expected: no objects, object versions or delete"
          + " markers)").withDetail("BucketName", name);
    }
    try {
      // Recursive only to take uploads in progress along; without them an object created since the
      // listing makes the delete fail (NOT_EMPTY) rather than vanish.
      store.dfs().deleteVolume(name, Uploads.existingArea(v).isPresent()
          || Versions.existingArea(v).isPresent());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        throw store.bucketMissing(name);
      }
      if (e.kind() == ErrorKind.NOT_EMPTY) {
        throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY,
            "bucket '" + name + "' is not empty (expected: no objects)").withDetail("BucketName", name);
      }
      throw e;
    }
    return Reply.empty(204);
  }
}

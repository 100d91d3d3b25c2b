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
 * DeleteBucket ({@code DELETE /bucket}): deletes the volume when it holds no object. The hidden
 * multipart area does not count; unfinished uploads go with the bucket, as in S3.
 */
final class DeleteBucketOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String name = req.requireBucket();
    Volume v = store.bucket(name);
    List<DirEntry> entries = v.readdir(v.root(), DirCursor.START, 2, false).entries();
    boolean onlyUploads = entries.stream().allMatch(e -> e.name().equals(Uploads.AREA));
    if (!onlyUploads) {
      throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY,
          "bucket '" + name + "' is not empty (expected: no objects)").withDetail("BucketName", name);
    }
    try {
      store.dfs().deleteVolume(name, !entries.isEmpty());
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

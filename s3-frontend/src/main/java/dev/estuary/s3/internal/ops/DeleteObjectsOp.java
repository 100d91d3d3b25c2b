package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.DeleteObjectsRequest;
import dev.estuary.s3.internal.codec.DeleteResultXml;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * DeleteObjects ({@code POST /bucket?delete}): up to 1000 keys, each deleted as DeleteObject does;
 * a key that fails (one that cannot be a path, say) is reported in the result, not as a failure
 * of the request. Quiet mode reports only the failures. The body's Content-MD5 or {@code
 * x-amz-checksum-*}, when given, is verified first. A {@code VersionId} names one version
 * ({@link Versions#delete}); the result reports delete markers created or removed.
 */
final class DeleteObjectsOp implements Handler {
  private final Versions versions;

  /**
   * Creates the handler.
   *
   * @param versions the versioning service
   */
  DeleteObjectsOp(Versions versions) {
    this.versions = versions;
  }

  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    CheckedVolume v = store.volume(req);
    Volume bucket = store.bucket(req.requireBucket());
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(DeleteObjectsRequest.MAX_BYTES);
    integrity.update(ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    DeleteObjectsRequest d = DeleteObjectsRequest.parse(body);
    List<DeleteResultXml.Deleted> deleted = new ArrayList<>();
    List<DeleteResultXml.Failure> failures = new ArrayList<>();
    for (DeleteObjectsRequest.ObjectIdentifier o : d.objects()) {
      String version = o.versionId().orElse(null);
      try {
        if (version != null) {
          Versions.checkVersionId(version);
        }
        Versions.Deleted r = versions.delete(store, bucket, v, KeyPath.parse(o.key()), version);
        if (!d.quiet()) {
          deleted.add(new DeleteResultXml.Deleted(o.key(), version, r.deleteMarker(),
              r.deleteMarker() ? r.versionId() : null));
        }
      } catch (S3Exception e) {
        failures.add(new DeleteResultXml.Failure(o.key(), version, e.errorCode().code(),
            e.getMessage()));
      } catch (DfsException e) {
        S3Exception s = ErrorKindMap.toS3(e);
        failures.add(new DeleteResultXml.Failure(o.key(), version, s.errorCode().code(),
            s.getMessage()));
      }
    }
    return Reply.xml(DeleteResultXml.encode(deleted, failures));
  }
}

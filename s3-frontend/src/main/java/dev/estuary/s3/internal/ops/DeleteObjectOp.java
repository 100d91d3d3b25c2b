package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import java.util.Optional;

/**
 * DeleteObject ({@code DELETE /bucket/key}): 204 whether or not the key existed, as S3 answers.
 * In a bucket with versioning, {@link Versions#delete} adds or removes versions and delete
 * markers, reported in {@code x-amz-delete-marker} and {@code x-amz-version-id}.
 * Directories left empty are pruned up to the root, so the prefix disappears with its last
 * object. A {@code dir/} key removes that directory when it is empty.
 */
final class DeleteObjectOp implements Handler {
  private final Versions versions;

  /**
   * Creates the handler.
   *
   * @param versions the versioning service
   */
  DeleteObjectOp(Versions versions) {
    this.versions = versions;
  }

  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    CheckedVolume v = store.volume(req);
    String version = req.param("versionId");
    if (version != null) {
      Versions.checkVersionId(version);
    }
    Versions.Deleted d = versions.delete(store, store.bucket(req.requireBucket()), v, key,
        version);
    HttpHeadersBuilder h = HttpHeaders.builder();
    if (d.deleteMarker()) {
      h.add("x-amz-delete-marker", "true");
    }
    if (d.versionId() != null) {
      h.add("x-amz-version-id", d.versionId());
    }
    return Reply.empty(204, h.build());
  }

  /**
   * Deletes one key; a missing key is no error.
   *
   * @param v the volume
   * @param key the key
   */
  static void delete(Volume v, KeyPath key) {
    Optional<Store.Found> f = Store.tryFind(v, key);
    if (f.isEmpty()) {
      return;
    }
    try {
      v.remove(f.get().parent(), f.get().name(),
          key.isDirectory() ? RemoveKind.DIRECTORY : RemoveKind.NOT_DIRECTORY);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.NOT_EMPTY) {
        return; // gone already, or a directory still holding objects: those keep the prefix
      }
      throw e;
    }
    Store.pruneEmptyParents(v, key.parentSegments());
    v.syncNamespace();
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.HttpDate;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What operations that read one version share (GetObject, HeadObject, the copy source,
 * Get/Put/DeleteObjectTagging): finding the version a {@code versionId} names, and the errors S3
 * answers for a delete marker (S3 User Guide, "Working with delete markers"): a key whose latest
 * version is a marker is {@code 404 NoSuchKey} with {@code x-amz-delete-marker: true}; a marker
 * named by its version id is {@code 405 MethodNotAllowed} with the same header.
 */
public final class VersionedRead {
  private VersionedRead() {}

  /**
   * Finds the version a {@code versionId} names.
   *
   * @param bucket the bucket's volume, unchecked
   * @param key the key
   * @param versionId the parameter as sent
   * @param copySource whether it names a copy source (a marker is then {@code InvalidRequest})
   * @return the version, never a delete marker
   * @throws S3Exception {@code InvalidArgument}, {@code NoSuchVersion}, {@code MethodNotAllowed}
   */
  public static Versions.Version named(Volume bucket, KeyPath key, String versionId,
      boolean copySource) {
    Versions.checkVersionId(versionId);
    Optional<Versions.Version> found = Versions.find(bucket, key, versionId);
    if (found.isEmpty()) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_VERSION, "version '" + versionId + "' of key '"
          + key.key() + "' does not exist").withDetail("Key", key.key())
          .withDetail("VersionId", versionId);
    }
    Versions.Version v = found.get();
    if (v.deleteMarker()) {
      if (copySource) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The source of a copy request may not"
            + " specifically refer to a delete marker by version id ('" + versionId + "').");
      }
      throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "version '" + versionId
          + "' of key '" + key.key() + "' is a delete marker, which has no content")
          .withDetail("Method", "GET").withDetail("ResourceType", "DeleteMarker")
          .withHeader("x-amz-delete-marker", "true").withHeader("x-amz-version-id", versionId)
          .withHeader("allow", "DELETE")
          .withHeader("last-modified", HttpDate.format(v.attributes().modifyTime()));
    }
    return v;
  }

  /**
   * Returns the error for a key without a current object: {@code NoSuchKey}, carrying {@code
   * x-amz-delete-marker: true} and the marker's version id when the latest version is a delete
   * marker.
   *
   * @param bucket the bucket's volume, unchecked
   * @param key the key
   * @return the error
   */
  static S3Exception noSuchKey(Volume bucket, KeyPath key) {
    S3Exception e = Store.noSuchKey(key.key());
    if (key.isDirectory() || Versions.state(bucket) == Versions.State.UNVERSIONED) {
      return e;
    }
    Optional<Versions.Version> latest = Versions.latest(bucket, key);
    if (latest.isPresent() && latest.get().deleteMarker()) {
      return e.withHeader("x-amz-delete-marker", "true")
          .withHeader("x-amz-version-id", latest.get().versionId());
    }
    return e;
  }

  /**
   * Returns the {@code x-amz-version-id} a read answers with: the object's id when the bucket has
   * versioning (or a version was named), {@code null} for the null version; nothing for a bucket
   * that never had versioning.
   *
   * @param bucket the bucket's volume
   * @param named the {@code versionId} parameter, or null
   * @param metaVersionId the object's version id from its metadata
   * @return the header value, or null for none
   */
  static @Nullable String header(Volume bucket, @Nullable String named,
      @Nullable String metaVersionId) {
    if (named == null && Versions.state(bucket) == Versions.State.UNVERSIONED) {
      return null;
    }
    return metaVersionId == null ? Versions.NULL : metaVersionId;
  }
}

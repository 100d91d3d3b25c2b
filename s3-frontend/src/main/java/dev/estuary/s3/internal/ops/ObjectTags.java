package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.ObjectMetaCodec;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.Map;

/**
 * Replaces an object's tag set in its metadata attribute. Setting the attribute leaves the data
 * and modify time alone, so a stored ETag stays valid; for a file written through another protocol
 * (no stored ETag) the change counter moves and with it the derived ETag, which stays a correct,
 * if conservative, validator.
 */
final class ObjectTags {
  private ObjectTags() {}

  static void set(Volume v, KeyPath key, Map<String, String> tags) {
    Store.retryStale(() -> {
      setOnce(v, key, tags);
      return null;
    });
    v.syncNamespace();
  }

  /**
   * Replaces the tag set of one version ({@code ?versionId=}): the current object or one in the
   * version area, written by object id as the requester may.
   *
   * @param v the bucket as the requester may use it
   * @param bucket the bucket's volume, unchecked
   * @param key the key
   * @param versionId the version id as sent
   * @param tags the tags
   */
  static void setVersion(Volume v, Volume bucket, KeyPath key, String versionId,
      Map<String, String> tags) {
    Attributes a = VersionedRead.named(bucket, key, versionId, false).attributes();
    ObjectMeta m = Store.meta(v, a);
    if (m == ObjectMeta.EMPTY) {
      m = ObjectMeta.EMPTY.withFingerprint(-1, -1);
    }
    v.setXattr(a.id(), ObjectMetaCodec.XATTR, ObjectMetaCodec.encode(m.withTags(tags)),
        XattrMode.UPSERT);
    v.syncNamespace();
  }

  private static void setOnce(Volume v, KeyPath key, Map<String, String> tags) {
    Store.Found f = Store.find(v, key);
    Attributes a = f.attributes();
    if (!a.isFile()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key()
          + "' names a directory, which cannot carry tags").withDetail("ArgumentName", "key")
          .withDetail("ArgumentValue", key.key());
    }
    ObjectMeta m = Store.meta(v, a);
    if (m == ObjectMeta.EMPTY) {
      m = ObjectMeta.EMPTY.withFingerprint(-1, -1);
    }
    v.setXattr(a.id(), ObjectMetaCodec.XATTR, ObjectMetaCodec.encode(m.withTags(tags)),
        XattrMode.UPSERT);
  }
}

package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What S3 keeps about an object beside its bytes, stored in one extended attribute ({@link
 * ObjectMetaCodec}). The stored ETag and checksums describe the bytes as S3 wrote them; they are
 * only trusted while the file still has the {@code size} and {@code modifyNanos} recorded here, so
 * a file changed later through SMB or NFS falls back to the change-counter ETag instead of showing
 * a stale one.
 *
 * @param contentType {@code Content-Type}, or null
 * @param contentEncoding {@code Content-Encoding}, or null
 * @param contentDisposition {@code Content-Disposition}, or null
 * @param contentLanguage {@code Content-Language}, or null
 * @param cacheControl {@code Cache-Control}, or null
 * @param expires {@code Expires} as sent, or null
 * @param userMetadata {@code x-amz-meta-*} without the prefix, names lower-cased, in order
 * @param etag the ETag without quotes ({@code md5hex} or {@code md5hex-N}), or null
 * @param checksumAlgorithm {@code CRC32}, {@code CRC32C}, {@code CRC64NVME}, {@code SHA1} or
 *     {@code SHA256}, or null when none was given
 * @param checksumValue the base64 checksum (for multipart, the composite value without its
 *     {@code -N}), or null
 * @param checksumType {@code FULL_OBJECT} or {@code COMPOSITE}, or null
 * @param partSizes the sizes of the parts of a multipart object, in order; empty for a simple PUT
 * @param tags the object's tag set, in order
 * @param size the size when written, which validates {@code etag} and the checksum
 * @param modifyNanos the modify time (epoch nanoseconds) when written, which validates them too
 * @param versionId the S3 version id given when the object was written in a versioning-enabled
 *     bucket, or null for the {@code null} version (written unversioned, suspended, or through
 *     another protocol)
 */
public record ObjectMeta(
    @Nullable String contentType,
    @Nullable String contentEncoding,
    @Nullable String contentDisposition,
    @Nullable String contentLanguage,
    @Nullable String cacheControl,
    @Nullable String expires,
    Map<String, String> userMetadata,
    @Nullable String etag,
    @Nullable String checksumAlgorithm,
    @Nullable String checksumValue,
    @Nullable String checksumType,
    List<Long> partSizes,
    Map<String, String> tags,
    long size,
    long modifyNanos,
    @Nullable String versionId) {

  /** Copies the components, keeping their order. */
  public ObjectMeta {
    userMetadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(userMetadata)));
    partSizes = List.copyOf(partSizes);
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tags)));
  }

  /** No metadata at all: what a file written through another protocol has. */
  public static final ObjectMeta EMPTY =
      new ObjectMeta(null, null, null, null, null, null, Map.of(), null, null, null, null,
          List.of(), Map.of(), -1, -1, null);

  /**
   * Returns a copy with another tag set.
   *
   * @param newTags the tags
   * @return the copy
   */
  public ObjectMeta withTags(Map<String, String> newTags) {
    return new ObjectMeta(contentType, contentEncoding, contentDisposition, contentLanguage,
        cacheControl, expires, userMetadata, etag, checksumAlgorithm, checksumValue, checksumType,
        partSizes, newTags, size, modifyNanos, versionId);
  }

  /**
   * Returns a copy whose stored values are validated by another size and modify time.
   *
   * @param newSize the size
   * @param newModifyNanos the modify time
   * @return the copy
   */
  public ObjectMeta withFingerprint(long newSize, long newModifyNanos) {
    return new ObjectMeta(contentType, contentEncoding, contentDisposition, contentLanguage,
        cacheControl, expires, userMetadata, etag, checksumAlgorithm, checksumValue, checksumType,
        partSizes, tags, newSize, newModifyNanos, versionId);
  }

  /**
   * Returns a copy with the content values (ETag, checksum, parts) replaced.
   *
   * @param newEtag the ETag
   * @param algorithm the checksum algorithm or null
   * @param value the checksum or null
   * @param type the checksum type or null
   * @param parts the part sizes
   * @return the copy
   */
  public ObjectMeta withContent(@Nullable String newEtag, @Nullable String algorithm,
      @Nullable String value, @Nullable String type, List<Long> parts) {
    return new ObjectMeta(contentType, contentEncoding, contentDisposition, contentLanguage,
        cacheControl, expires, userMetadata, newEtag, algorithm, value, type, parts, tags, size,
        modifyNanos, versionId);
  }

  /**
   * Returns a copy with another version id.
   *
   * @param newVersionId the version id, or null for the {@code null} version
   * @return the copy
   */
  public ObjectMeta withVersionId(@Nullable String newVersionId) {
    return new ObjectMeta(contentType, contentEncoding, contentDisposition, contentLanguage,
        cacheControl, expires, userMetadata, etag, checksumAlgorithm, checksumValue, checksumType,
        partSizes, tags, size, modifyNanos, newVersionId);
  }
}

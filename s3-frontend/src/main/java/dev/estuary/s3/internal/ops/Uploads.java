package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/**
 * Where multipart uploads live while in progress: a hidden directory {@value #AREA} at the volume
 * root, one sub-directory per upload (named by the upload id) holding the upload's metadata in an
 * extended attribute and one file per part (named by its zero-padded number, its MD5 and checksum
 * in an extended attribute). Being ordinary durable objects, uploads survive a restart and can be
 * completed after one; listing never shows the area, and keys inside it are refused.
 */
public final class Uploads {
  /** The hidden per-volume directory of uploads in progress. */
  public static final String AREA = ".estuary-s3-uploads";

  private Uploads() {}

  /**
   * Refuses keys inside the hidden area.
   *
   * @param key the key
   */
  public static void refuseReserved(KeyPath key) {
    if (key.segments().get(0).equals(AREA)) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key() + "': the prefix '"
          + AREA + "/' is reserved for multipart uploads in progress")
          .withDetail("ArgumentName", "key").withDetail("ArgumentValue", key.key());
    }
  }
}

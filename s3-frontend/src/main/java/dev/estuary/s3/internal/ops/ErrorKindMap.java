package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one table from backend {@link ErrorKind}s to S3 error codes (style §7, habit 3). A handler
 * that knows better for one call (a missing bucket is {@code NoSuchBucket}, a missing key {@code
 * NoSuchKey}) catches the {@link DfsException} itself; everything else lands here. Every kind has
 * a row; a test checks that.
 */
public final class ErrorKindMap {
  private static final Map<ErrorKind, S3ErrorCode> TABLE = new EnumMap<>(ErrorKind.class);

  static {
    TABLE.put(ErrorKind.NOT_FOUND, S3ErrorCode.NO_SUCH_KEY);
    TABLE.put(ErrorKind.EXISTS, S3ErrorCode.INVALID_ARGUMENT);
    TABLE.put(ErrorKind.NOT_EMPTY, S3ErrorCode.BUCKET_NOT_EMPTY);
    // A key naming a file where a directory is needed, or the reverse: the key cannot be a path.
    TABLE.put(ErrorKind.NOT_DIRECTORY, S3ErrorCode.INVALID_ARGUMENT);
    TABLE.put(ErrorKind.IS_DIRECTORY, S3ErrorCode.INVALID_ARGUMENT);
    TABLE.put(ErrorKind.NOT_SYMLINK, S3ErrorCode.INVALID_ARGUMENT);
    TABLE.put(ErrorKind.ACCESS_DENIED, S3ErrorCode.ACCESS_DENIED);
    TABLE.put(ErrorKind.NOT_PERMITTED, S3ErrorCode.ACCESS_DENIED);
    TABLE.put(ErrorKind.STALE, S3ErrorCode.NO_SUCH_KEY);
    TABLE.put(ErrorKind.NO_SPACE, S3ErrorCode.SERVICE_UNAVAILABLE);
    TABLE.put(ErrorKind.QUOTA_EXCEEDED, S3ErrorCode.SERVICE_UNAVAILABLE);
    TABLE.put(ErrorKind.BUSY, S3ErrorCode.OPERATION_ABORTED);
    TABLE.put(ErrorKind.INVALID_ARGUMENT, S3ErrorCode.INVALID_ARGUMENT);
    TABLE.put(ErrorKind.NAME_TOO_LONG, S3ErrorCode.KEY_TOO_LONG);
    TABLE.put(ErrorKind.TOO_MANY_LINKS, S3ErrorCode.INVALID_ARGUMENT);
    TABLE.put(ErrorKind.FILE_TOO_LARGE, S3ErrorCode.ENTITY_TOO_LARGE);
    TABLE.put(ErrorKind.NO_SUCH_XATTR, S3ErrorCode.INTERNAL_ERROR);
    TABLE.put(ErrorKind.XATTR_TOO_LARGE, S3ErrorCode.METADATA_TOO_LARGE);
    TABLE.put(ErrorKind.NO_DATA, S3ErrorCode.INVALID_RANGE);
    TABLE.put(ErrorKind.CROSS_VOLUME, S3ErrorCode.INTERNAL_ERROR);
    TABLE.put(ErrorKind.READ_ONLY, S3ErrorCode.ACCESS_DENIED);
    TABLE.put(ErrorKind.CLOSED, S3ErrorCode.SERVICE_UNAVAILABLE);
    TABLE.put(ErrorKind.UNSUPPORTED, S3ErrorCode.NOT_IMPLEMENTED);
    TABLE.put(ErrorKind.IO_ERROR, S3ErrorCode.INTERNAL_ERROR);
    // A lock or share mode another protocol's client holds (an SMB open denying writes): AWS's own
    // "a conflicting operation is in progress against this resource, try again" is 409
    // OperationAborted. Not 503 SlowDown: the condition lasts as long as that client keeps the file
    // open, so the SDKs' automatic 503 retries would only burn time.
    TABLE.put(ErrorKind.LOCKED, S3ErrorCode.OPERATION_ABORTED);
    TABLE.put(ErrorKind.SHARING_VIOLATION, S3ErrorCode.OPERATION_ABORTED);
    // A version under object lock retention or legal hold: AWS answers 403 AccessDenied.
    TABLE.put(ErrorKind.RETAINED, S3ErrorCode.ACCESS_DENIED);
    // The engine daemon is restarting: 503, which every SDK and the aws CLI retry with back-off.
    TABLE.put(ErrorKind.UNAVAILABLE, S3ErrorCode.SERVICE_UNAVAILABLE);
    // S3 never unlocks a byte range, so reaching this is a bug.
    TABLE.put(ErrorKind.NOT_LOCKED, S3ErrorCode.INTERNAL_ERROR);
  }

  private ErrorKindMap() {}

  /**
   * Returns the S3 code for a kind.
   *
   * @param kind the backend error kind
   * @return its S3 error code
   */
  public static S3ErrorCode code(ErrorKind kind) {
    S3ErrorCode c = TABLE.get(kind);
    if (c == null) {
      throw new IllegalStateException("ErrorKind " + kind + " has no S3 error code");
    }
    return c;
  }

  /**
   * Turns a backend error into an S3 error: a client error keeps the backend's message (it names
   * what the request got wrong); a server error gets S3's generic message, since its text (an I/O
   * exception, an internal object id) is for the log, not for the client.
   *
   * @param e the backend error
   * @return the S3 error, with {@code e} as its cause
   */
  public static S3Exception toS3(DfsException e) {
    S3ErrorCode c = code(e.kind());
    // AWS words a refusal by object lock as any other: "Access Denied".
    boolean generic = c.httpStatus() >= 500 || e.kind() == ErrorKind.RETAINED;
    return new S3Exception(c, generic ? c.defaultMessage() : e.getMessage(), e);
  }
}

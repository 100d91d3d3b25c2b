package dev.estuary.dfs;

/**
 * What went wrong, independent of any protocol. Each frontend maps every kind to one status code
 * in a single table (NFS {@code nfsstat4}, SMB {@code NTSTATUS}, S3 error codes). The closest POSIX
 * errno is noted for each kind, since libdfs reports errors as errno values.
 */
public enum ErrorKind {
  /** The name or object does not exist ({@code ENOENT}). */
  NOT_FOUND,
  /** The name already exists ({@code EEXIST}). */
  EXISTS,
  /** A directory that must be empty is not ({@code ENOTEMPTY}). */
  NOT_EMPTY,
  /** A directory was required ({@code ENOTDIR}). */
  NOT_DIRECTORY,
  /** A non-directory was required ({@code EISDIR}). */
  IS_DIRECTORY,
  /** A symbolic link was required, or an operation does not apply to a symlink. */
  NOT_SYMLINK,
  /** The caller lacks permission ({@code EACCES}). */
  ACCESS_DENIED,
  /** The operation is not permitted on this object at all ({@code EPERM}). */
  NOT_PERMITTED,
  /** The object id or handle no longer refers to a live object ({@code ESTALE}). */
  STALE,
  /** No space left on the device ({@code ENOSPC}). */
  NO_SPACE,
  /** A quota was exceeded ({@code EDQUOT}). */
  QUOTA_EXCEEDED,
  /** The object or volume is in use in a way that forbids the operation ({@code EBUSY}). */
  BUSY,
  /** An argument is invalid: a bad name, offset, flag combination or moving a directory into itself ({@code EINVAL}). */
  INVALID_ARGUMENT,
  /** A name component is longer than {@link Limits#MAX_NAME_BYTES} ({@code ENAMETOOLONG}). */
  NAME_TOO_LONG,
  /** Too many symbolic links while resolving a path ({@code ELOOP}). */
  TOO_MANY_LINKS,
  /** The file would exceed the largest size the implementation supports ({@code EFBIG}). */
  FILE_TOO_LARGE,
  /** The extended attribute does not exist ({@code ENODATA}). */
  NO_SUCH_XATTR,
  /** An extended attribute name or value exceeds the limits ({@code E2BIG} / {@code ERANGE}). */
  XATTR_TOO_LARGE,
  /** A seek for data or a hole found none past the offset ({@code ENXIO}). */
  NO_DATA,
  /** The operation would cross volumes ({@code EXDEV}). */
  CROSS_VOLUME,
  /** The volume or handle is open read-only ({@code EROFS} / {@code EBADF}). */
  READ_ONLY,
  /** The handle or backend was closed ({@code EBADF}). */
  CLOSED,
  /** The implementation does not offer this optional facet ({@code ENOTSUP}); see {@link Capability}. */
  UNSUPPORTED,
  /** The stored data or metadata is damaged or an I/O error happened ({@code EIO}). */
  IO_ERROR,
  /**
   * A byte-range lock conflicts with one another owner holds ({@code EAGAIN} from {@code F_SETLK};
   * NFS {@code NFS4ERR_DENIED}, SMB {@code STATUS_LOCK_NOT_GRANTED}); see {@link LockSession}.
   */
  LOCKED,
  /**
   * An unlock names a range the owner does not hold exactly (SMB {@code STATUS_RANGE_NOT_LOCKED});
   * only {@link LockStyle#WINDOWS} unlocks report it, POSIX unlocks of nothing succeed.
   */
  NOT_LOCKED,
  /**
   * A share reservation conflicts with another one: it asks for access another denies, or denies
   * access another holds (SMB {@code STATUS_SHARING_VIOLATION}, NFS {@code NFS4ERR_SHARE_DENIED});
   * see {@link LockSession#reserve}.
   */
  SHARING_VIOLATION,
  /**
   * The file is under a retention period or a legal hold ({@link Retention}) and the operation
   * would remove, replace or change it, or shorten or lift a retention that may not be (as for a
   * Linux immutable file: {@code EPERM}; S3 {@code AccessDenied}, NFS {@code NFS4ERR_PERM}, SMB
   * {@code STATUS_ACCESS_DENIED} or {@code STATUS_CANNOT_DELETE}); see {@link
   * Volume#setRetention}.
   */
  RETAINED,
  /**
   * The backend cannot be reached now or did not answer in time (a remote engine restarting or
   * overloaded): the operation may or may not have been applied, and the same call later may
   * succeed ({@code EAGAIN}; S3 {@code 503 ServiceUnavailable}, NFS {@code NFS4ERR_DELAY}, SMB
   * {@code STATUS_DEVICE_NOT_READY}, gRPC {@code UNAVAILABLE}, all of which clients retry or
   * report as transient). An embedded backend never reports it.
   */
  UNAVAILABLE
}

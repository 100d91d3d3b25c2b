package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.smb.internal.codec.NtStatus;

/**
 * The one table from backend errors to NTSTATUS ([MS-ERREF] 2.3.1; the statuses Windows servers return
 * for the same NTFS conditions, [MS-FSA] 2.1.5). Exhaustive over {@link ErrorKind}, so a new kind fails
 * the build here instead of falling through to a default.
 */
public final class SmbErrors {
  private SmbErrors() {}

  /**
   * The status for a backend error.
   *
   * @param kind the backend's error kind
   * @return the NTSTATUS to answer
   */
  public static NtStatus statusOf(ErrorKind kind) {
    return switch (kind) {
      case NOT_FOUND -> NtStatus.OBJECT_NAME_NOT_FOUND;
      case EXISTS -> NtStatus.OBJECT_NAME_COLLISION;
      case NOT_EMPTY -> NtStatus.DIRECTORY_NOT_EMPTY;
      case NOT_DIRECTORY -> NtStatus.NOT_A_DIRECTORY;
      case IS_DIRECTORY -> NtStatus.FILE_IS_A_DIRECTORY;
      // A symlink operation on a non-link: Windows answers a reparse query on a plain file this way.
      case NOT_SYMLINK -> NtStatus.NOT_A_REPARSE_POINT;
      case ACCESS_DENIED, NOT_PERMITTED -> NtStatus.ACCESS_DENIED;
      case STALE, CLOSED -> NtStatus.FILE_CLOSED;
      case NO_SPACE, QUOTA_EXCEEDED -> NtStatus.DISK_FULL;
      case BUSY -> NtStatus.SHARING_VIOLATION;
      case INVALID_ARGUMENT -> NtStatus.INVALID_PARAMETER;
      case NAME_TOO_LONG -> NtStatus.NAME_TOO_LONG;
      case TOO_MANY_LINKS -> NtStatus.INSUFFICIENT_RESOURCES;
      case FILE_TOO_LARGE -> NtStatus.FILE_TOO_LARGE;
      case NO_SUCH_XATTR -> NtStatus.NO_EAS_ON_FILE;
      case XATTR_TOO_LARGE -> NtStatus.EAS_NOT_SUPPORTED;
      case NO_DATA -> NtStatus.END_OF_FILE;
      case CROSS_VOLUME -> NtStatus.NOT_SAME_DEVICE;
      case READ_ONLY -> NtStatus.MEDIA_WRITE_PROTECTED;
      case UNSUPPORTED -> NtStatus.NOT_SUPPORTED;
      case IO_ERROR -> NtStatus.DATA_ERROR;
      case LOCKED -> NtStatus.LOCK_NOT_GRANTED;
      case NOT_LOCKED -> NtStatus.RANGE_NOT_LOCKED;
      case SHARING_VIOLATION -> NtStatus.SHARING_VIOLATION;
      // A file under retention or legal hold refuses writes as a read-only file does; deleting it is
      // refused earlier, at CREATE or SET_INFO, with STATUS_CANNOT_DELETE (SmbFiles#retained).
      case RETAINED -> NtStatus.ACCESS_DENIED;
      // The engine daemon is restarting ([MS-ERREF] 2.3.1 "the device is not ready"): Windows reports it
      // as transient and lets the user retry, where DATA_ERROR would read as damaged data.
      case UNAVAILABLE -> NtStatus.DEVICE_NOT_READY;
    };
  }
}

package dev.estuary.smb.internal.codec;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one table of NTSTATUS values the SMB frontend sends or recognises ([MS-ERREF] 2.3.1). Handlers pick
 * from here; no other class holds status numbers. The numbers are exact because clients and smbtorture
 * compare them exactly (smb.md §3.1).
 */
public enum NtStatus {
  SUCCESS(0x00000000),
  PENDING(0x00000103),
  NOTIFY_ENUM_DIR(0x0000010C),
  BUFFER_OVERFLOW(0x80000005),
  NO_MORE_FILES(0x80000006),
  NO_MORE_EAS(0x80000012),
  INVALID_EA_NAME(0x80000013),
  EA_LIST_INCONSISTENT(0x80000014),
  UNSUCCESSFUL(0xC0000001),
  NOT_IMPLEMENTED(0xC0000002),
  INVALID_INFO_CLASS(0xC0000003),
  INFO_LENGTH_MISMATCH(0xC0000004),
  INVALID_HANDLE(0xC0000008),
  INVALID_PARAMETER(0xC000000D),
  NO_SUCH_FILE(0xC000000F),
  INVALID_DEVICE_REQUEST(0xC0000010),
  END_OF_FILE(0xC0000011),
  MORE_PROCESSING_REQUIRED(0xC0000016),
  NO_MEMORY(0xC0000017),
  ACCESS_DENIED(0xC0000022),
  BUFFER_TOO_SMALL(0xC0000023),
  OBJECT_NAME_INVALID(0xC0000033),
  OBJECT_NAME_NOT_FOUND(0xC0000034),
  OBJECT_NAME_COLLISION(0xC0000035),
  OBJECT_PATH_INVALID(0xC0000039),
  OBJECT_PATH_NOT_FOUND(0xC000003A),
  OBJECT_PATH_SYNTAX_BAD(0xC000003B),
  SHARING_VIOLATION(0xC0000043),
  EAS_NOT_SUPPORTED(0xC000004F),
  FILE_LOCK_CONFLICT(0xC0000054),
  LOCK_NOT_GRANTED(0xC0000055),
  DELETE_PENDING(0xC0000056),
  PRIVILEGE_NOT_HELD(0xC0000061),
  LOGON_FAILURE(0xC000006D),
  ACCOUNT_RESTRICTION(0xC000006E),
  RANGE_NOT_LOCKED(0xC000007E),
  DISK_FULL(0xC000007F),
  INSUFFICIENT_RESOURCES(0xC000009A),
  FILE_IS_A_DIRECTORY(0xC00000BA),
  NOT_SUPPORTED(0xC00000BB),
  NETWORK_NAME_DELETED(0xC00000C9),
  BAD_NETWORK_NAME(0xC00000CC),
  REQUEST_NOT_ACCEPTED(0xC00000D0),
  INTERNAL_ERROR(0xC00000E5),
  DIRECTORY_NOT_EMPTY(0xC0000101),
  NOT_A_DIRECTORY(0xC0000103),
  CANCELLED(0xC0000120),
  FILE_CLOSED(0xC0000128),
  USER_SESSION_DELETED(0xC0000203),
  NETWORK_SESSION_EXPIRED(0xC000035C),
  FS_DRIVER_REQUIRED(0xC000019C),
  NOT_A_REPARSE_POINT(0xC0000275),
  INVALID_SIGNATURE(0xC000A000),
  DATA_ERROR(0xC000003E),
  STOPPED_ON_SYMLINK(0x8000002D),
  IO_TIMEOUT(0xC00000B5),
  NO_EAS_ON_FILE(0xC0000052),
  MEDIA_WRITE_PROTECTED(0xC00000A2),
  NETWORK_ACCESS_DENIED(0xC00000CA),
  NOT_SAME_DEVICE(0xC00000D4),
  DUPLICATE_OBJECTID(0xC000022A),
  NO_MORE_ENTRIES(0x8000001A),
  INVALID_LOCK_SEQUENCE(0xC000001E),
  OBJECT_TYPE_MISMATCH(0xC0000024),
  WRONG_PASSWORD(0xC000006A),
  PASSWORD_EXPIRED(0xC0000071),
  ACCOUNT_DISABLED(0xC0000072),
  BAD_IMPERSONATION_LEVEL(0xC00000A5),
  NAME_TOO_LONG(0xC0000106),
  TOO_MANY_OPENED_FILES(0xC000011F),
  CANNOT_DELETE(0xC0000121),
  INVALID_DEVICE_STATE(0xC0000184),
  NOT_FOUND(0xC0000225),
  PATH_NOT_COVERED(0xC0000257),
  FILE_TOO_LARGE(0xC0000904),
  NO_PREAUTH_INTEGRITY_HASH_OVERLAP(0xC05D0000);

  private static final Map<Integer, NtStatus> BY_CODE = new HashMap<>();

  static {
    for (NtStatus s : values()) {
      if (BY_CODE.put(s.code, s) != null) {
        throw new ExceptionInInitializerError("NtStatus " + s + ": duplicate code " + describe(s.code));
      }
    }
  }

  private final int code;

  NtStatus(int code) {
    this.code = code;
  }

  /** The 32-bit NTSTATUS as it travels in the SMB2 header's Status field (little-endian on the wire). */
  public int code() {
    return code;
  }

  /** Whether the severity bits say error (0b11), which selects the SMB2 ERROR response body ([MS-SMB2] 2.2.2). */
  public boolean isError() {
    return (code >>> 30) == 3;
  }

  /** The entry for {@code code}, or null for a value this table does not know. */
  public static @Nullable NtStatus of(int code) {
    return BY_CODE.get(code);
  }

  /** {@code STATUS_NAME (0x...)} for logs and messages. */
  public static String describe(int code) {
    NtStatus s = of(code);
    return (s == null ? "STATUS_?" : "STATUS_" + s.name()) + String.format(" (0x%08X)", code);
  }
}

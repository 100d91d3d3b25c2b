package dev.estuary.smb.internal.codec;

import org.jspecify.annotations.Nullable;

/** SMB2 command codes ([MS-SMB2] 2.2.1.2, Command). */
public enum SmbCommand {
  NEGOTIATE(0x0000),
  SESSION_SETUP(0x0001),
  LOGOFF(0x0002),
  TREE_CONNECT(0x0003),
  TREE_DISCONNECT(0x0004),
  CREATE(0x0005),
  CLOSE(0x0006),
  FLUSH(0x0007),
  READ(0x0008),
  WRITE(0x0009),
  LOCK(0x000A),
  IOCTL(0x000B),
  CANCEL(0x000C),
  ECHO(0x000D),
  QUERY_DIRECTORY(0x000E),
  CHANGE_NOTIFY(0x000F),
  QUERY_INFO(0x0010),
  SET_INFO(0x0011),
  OPLOCK_BREAK(0x0012);

  private static final SmbCommand[] BY_CODE = values();

  private final int code;

  SmbCommand(int code) {
    this.code = code;
  }

  /** The 16-bit command code. */
  public int code() {
    return code;
  }

  /** The command for {@code code}, or null if none (the server answers STATUS_INVALID_PARAMETER). */
  public static @Nullable SmbCommand of(int code) {
    // The codes are dense 0..0x12 in declaration order.
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}

package dev.estuary.smb.internal.codec;

/**
 * A request that cannot be decoded. Carries the status the server answers with: MS-SMB2 3.3.5.2.6 and the
 * per-command processing rules ask for STATUS_INVALID_PARAMETER when a length or offset is out of range,
 * so that is the default. Checked on purpose: every decoder caller must decide what to answer.
 */
public final class SmbDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final NtStatus status;

  /** A malformed message: answered with STATUS_INVALID_PARAMETER. */
  public SmbDecodeException(String message) {
    this(NtStatus.INVALID_PARAMETER, message);
  }

  /** A message refused with a specific status. */
  public SmbDecodeException(NtStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The status to answer with. */
  public NtStatus status() {
    return status;
  }
}

package dev.estuary.smb.internal.auth;

import dev.estuary.smb.internal.codec.NtStatus;

/**
 * An authentication token that is malformed or does not prove the user. Malformed tokens answer
 * STATUS_INVALID_PARAMETER; a wrong proof, an anonymous or NTLMv1 attempt answers STATUS_LOGON_FAILURE
 * ([MS-SMB2] 3.3.5.5.3), so a client learns nothing about which part failed.
 */
public final class AuthException extends Exception {
  private static final long serialVersionUID = 1L;

  private final NtStatus status;

  /** A failure answered with {@code status}. */
  public AuthException(NtStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The status to answer with. */
  public NtStatus status() {
    return status;
  }
}

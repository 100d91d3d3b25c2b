package dev.estuary.smb.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.state.SessionState;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a handler answers.
 *
 * @param status the status
 * @param body the response body (the ERROR body for error statuses)
 * @param session the session whose keys sign or encrypt the response, when it differs from the
 *     request's (a new session's SESSION_SETUP, a LOGOFF that removed it); null to use the request's
 * @param treeId the TreeId to put in the response header, or -1 to echo the request's
 * @param disconnect whether the connection must be dropped instead of answering ([MS-SMB2] names the
 *     cases: a second NEGOTIATE, VALIDATE_NEGOTIATE_INFO on 3.1.1 or with altered values)
 * @param afterEncode called with the encoded response message before it is signed (the preauth hash
 *     of NEGOTIATE and SESSION_SETUP responses), or null
 * @param async the work that answers later, with {@code status} STATUS_PENDING; null for a final answer
 */
public record SmbReply(NtStatus status, SmbMessage body, @Nullable SessionState session, int treeId,
    boolean disconnect, @Nullable Consumer<byte[]> afterEncode, @Nullable AsyncWork async) {
  /** Validates. */
  public SmbReply {
    requireNonNull(status, "status");
    requireNonNull(body, "body");
    if ((async != null) != (status == NtStatus.PENDING)) {
      throw new IllegalArgumentException("status: " + status + " with async " + async
          + " (expected: STATUS_PENDING exactly when async work is given)");
    }
  }

  /**
   * A final reply.
   *
   * @param status the status
   * @param body the body
   * @param session the session whose keys sign or encrypt the response, or null
   * @param treeId the TreeId to put in the response header, or -1
   * @param disconnect whether to drop the connection instead
   * @param afterEncode called with the encoded response, or null
   */
  public SmbReply(NtStatus status, SmbMessage body, @Nullable SessionState session, int treeId,
      boolean disconnect, @Nullable Consumer<byte[]> afterEncode) {
    this(status, body, session, treeId, disconnect, afterEncode, null);
  }

  /**
   * A reply that goes async ([MS-SMB2] 3.3.4.2): the interim STATUS_PENDING response now, the final one
   * when {@code work} completes.
   *
   * @param body a message of the command, for its code
   * @param work the work that answers later
   * @return the reply
   */
  public static SmbReply pending(SmbMessage body, AsyncWork work) {
    return new SmbReply(NtStatus.PENDING, ErrorResponse.empty(body.command()), null, -1, false, null,
        requireNonNull(work, "work"));
  }

  /**
   * A plain reply.
   *
   * @param status the status
   * @param body the body
   * @return the reply
   */
  public static SmbReply of(NtStatus status, SmbMessage body) {
    return new SmbReply(status, body, null, -1, false, null);
  }

  /**
   * An error reply with the empty ERROR body.
   *
   * @param status an error status
   * @param body a message of the command, for its code
   * @return the reply
   */
  public static SmbReply error(NtStatus status, SmbMessage body) {
    return of(status, ErrorResponse.empty(body.command()));
  }

  /**
   * A reply that drops the connection.
   *
   * @param body a message of the command
   * @return the reply
   */
  public static SmbReply disconnect(SmbMessage body) {
    return new SmbReply(NtStatus.INVALID_PARAMETER, ErrorResponse.empty(body.command()), null, -1, true, null);
  }
}

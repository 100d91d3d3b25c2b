package dev.estuary.smb.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import org.jspecify.annotations.Nullable;

/**
 * One decoded request as a handler sees it, after the dispatcher's checks.
 *
 * @param connection the connection's state
 * @param header the header, with SessionId and TreeId already inherited for related compound requests
 * @param body the decoded body
 * @param session the verified session, or null for commands that need none (NEGOTIATE, a new
 *     SESSION_SETUP, ECHO without a session)
 * @param tree the verified tree connect, or null for commands that need none
 * @param encrypted whether the request arrived in a TRANSFORM_HEADER
 * @param message the request's bytes (header and body), for the preauth hash; empty for commands other
 *     than NEGOTIATE and SESSION_SETUP
 * @param previousFileId inside a related compound, the FileId the previous request used or created,
 *     which an all-ones FileId stands for ([MS-SMB2] 3.3.5.2.7.2); null otherwise
 */
public record SmbRequest(ConnectionState connection, Smb2Header header, SmbMessage body,
    @Nullable SessionState session, @Nullable TreeState tree, boolean encrypted, Bytes message,
    @Nullable FileId previousFileId) {
  /** Validates. */
  public SmbRequest {
    requireNonNull(connection, "connection");
    requireNonNull(header, "header");
    requireNonNull(body, "body");
    requireNonNull(message, "message");
  }

  /**
   * A request outside a related compound.
   *
   * @param connection the connection's state
   * @param header the header
   * @param body the body
   * @param session the session, or null
   * @param tree the tree connect, or null
   * @param encrypted whether it arrived encrypted
   * @param message the request's bytes for the preauth hash
   */
  public SmbRequest(ConnectionState connection, Smb2Header header, SmbMessage body,
      @Nullable SessionState session, @Nullable TreeState tree, boolean encrypted, Bytes message) {
    this(connection, header, body, session, tree, encrypted, message, null);
  }
}

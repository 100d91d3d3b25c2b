package dev.estuary.smb.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.crypto.Signer;
import dev.estuary.smb.internal.crypto.SigningAlgorithm;
import dev.estuary.smb.internal.crypto.SmbKeys;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Real connection and session state for calling one handler directly. */
final class HandlerFixture {
  private HandlerFixture() {}

  /** A connection that negotiated {@code dialect} with {@code cipher}. */
  static ConnectionState negotiated(int dialect, @Nullable Cipher cipher) {
    ConnectionState c = new ConnectionState(64);
    c.negotiated(new ConnectionState.Negotiated(dialect, 0x7F, Bytes.zeros(16), 1, List.of(dialect),
        Negotiate.CAP_LARGE_MTU, 3, cipher, SigningAlgorithm.AES_CMAC));
    return c;
  }

  /** A valid session of {@code principal} on {@code c}. */
  static SessionState session(ConnectionState c, Principal principal) {
    SessionState s = new SessionState(0x42, c.preauthHash());
    ConnectionState.Negotiated n = c.negotiated();
    SmbKeys keys = SmbKeys.derive(n.dialect(), new byte[16], new byte[64], n.cipher());
    s.establish(principal, keys, new Signer(SigningAlgorithm.AES_CMAC, keys.signingKey()), n.cipher(), false);
    c.sessions().put(s.sessionId(), s);
    return s;
  }

  /** A request of {@code body} on {@code session}/{@code tree}. */
  static SmbRequest request(ConnectionState c, SmbMessage body, @Nullable SessionState session,
      @Nullable TreeState tree) {
    Smb2Header h = Smb2Header.request(body.command(), 5, session == null ? 0 : session.sessionId(),
        tree == null ? 0 : tree.treeId());
    return new SmbRequest(c, h, body, session, tree, false, Bytes.EMPTY);
  }
}

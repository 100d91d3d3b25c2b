package dev.estuary.smb.internal.state;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.crypto.PreauthHash;
import dev.estuary.smb.internal.crypto.SigningAlgorithm;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * One transport connection ([MS-SMB2] 3.3.1.7): what NEGOTIATE settled, the MessageId window and the
 * sessions. Besides the negotiated values it keeps the client's NEGOTIATE fields, which
 * FSCTL_VALIDATE_NEGOTIATE_INFO compares (3.3.5.15.12).
 */
public final class ConnectionState {
  /** The negotiated values of the connection. */
  public record Negotiated(int dialect, int clientCapabilities, Bytes clientGuid, int clientSecurityMode,
      List<Integer> clientDialects, int serverCapabilities, int serverSecurityMode,
      @Nullable Cipher cipher, SigningAlgorithm signing) {
    /** Copies the list. */
    public Negotiated {
      clientDialects = List.copyOf(clientDialects);
    }
  }

  private final CreditWindow credits;
  private final Map<Long, SessionState> sessions = new HashMap<>();
  private @Nullable Negotiated negotiated;
  private boolean smb2Wildcard;
  private byte[] preauthHash = PreauthHash.initial();
  private @Nullable InetSocketAddress listenAddress;
  private Executor serial = Runnable::run;
  /** The last sessions this connection ended, oldest first, bounded by {@link #ENDED_KEPT}. */
  private final Map<Long, SessionState> ended = new LinkedHashMap<>();

  /** How many ended sessions a connection remembers (to sign STATUS_USER_SESSION_DELETED answers). */
  public static final int ENDED_KEPT = 16;
  private Oplocks.@Nullable BreakSink breakSink;

  /**
   * A fresh connection.
   *
   * @param maxCredits the MessageId window limit
   */
  public ConnectionState(int maxCredits) {
    this.credits = new CreditWindow(maxCredits);
  }

  /** @return the MessageId window */
  public CreditWindow credits() {
    return credits;
  }

  /** @return what NEGOTIATE settled, or null before it */
  public @Nullable Negotiated negotiated() {
    return negotiated;
  }

  /** @param n what NEGOTIATE settled */
  public void negotiated(Negotiated n) {
    this.negotiated = n;
  }

  /** @return whether an SMB1 probe was answered with 0x02FF and an SMB2 NEGOTIATE must follow */
  public boolean smb2Wildcard() {
    return smb2Wildcard;
  }

  /** @param w whether an SMB1 probe was answered with 0x02FF */
  public void smb2Wildcard(boolean w) {
    this.smb2Wildcard = w;
  }

  /** @return Connection.PreauthIntegrityHashValue (3.1.1) */
  public byte[] preauthHash() {
    return preauthHash.clone();
  }

  /** @param h the next value */
  public void preauthHash(byte[] h) {
    this.preauthHash = h.clone();
  }

  /**
   * @return the address the server listens on for this connection (a wildcard or one address), which
   *     FSCTL_QUERY_NETWORK_INTERFACE_INFO reports; null when the connection did not come through a
   *     listener (handlers called directly)
   */
  public @Nullable InetSocketAddress listenAddress() {
    return listenAddress;
  }

  /** @param a the address the server listens on */
  public void listenAddress(InetSocketAddress a) {
    this.listenAddress = a;
  }

  /**
   * @return runs a task on this connection's serial path (where its sessions may be changed); runs it
   *     inline until the connection attaches its executor (handlers called directly)
   */
  public Executor serial() {
    return serial;
  }

  /** @param serial runs a task on this connection's serial path */
  public void serial(Executor serial) {
    this.serial = serial;
  }

  /**
   * Remembers a session this connection ended, so that a request still signed with its key can be answered
   * STATUS_USER_SESSION_DELETED signed with that key (see the dispatcher); the oldest is forgotten beyond
   * {@link #ENDED_KEPT}.
   *
   * @param session the ended session
   */
  public void ended(SessionState session) {
    ended.remove(session.sessionId());
    ended.put(session.sessionId(), session);
    if (ended.size() > ENDED_KEPT) {
      ended.remove(ended.keySet().iterator().next());
    }
  }

  /**
   * @param sessionId SessionId
   * @return the session of that id this connection ended recently, or null
   */
  public @Nullable SessionState ended(long sessionId) {
    return ended.get(sessionId);
  }

  /** @return where oplock and lease break notifications to this connection go, null before it is attached */
  public Oplocks.@Nullable BreakSink breakSink() {
    return breakSink;
  }

  /** @param sink where break notifications to this connection go */
  public void breakSink(Oplocks.BreakSink sink) {
    this.breakSink = sink;
  }

  /** @return the sessions by SessionId */
  public Map<Long, SessionState> sessions() {
    return sessions;
  }
}

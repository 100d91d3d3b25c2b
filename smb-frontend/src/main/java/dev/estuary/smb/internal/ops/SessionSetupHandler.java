package dev.estuary.smb.internal.ops;

import dev.estuary.core.NtIdentity;
import dev.estuary.core.Principal;
import dev.estuary.smb.internal.auth.AuthException;
import dev.estuary.smb.internal.auth.NtlmMessages;
import dev.estuary.smb.internal.auth.NtlmServer;
import dev.estuary.smb.internal.auth.Spnego;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SessionSetup;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.crypto.PreauthHash;
import dev.estuary.smb.internal.crypto.Signer;
import dev.estuary.smb.internal.crypto.SmbKeys;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionRegistry;
import dev.estuary.smb.internal.state.SessionState;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SESSION_SETUP ([MS-SMB2] 3.3.5.5): SPNEGO carrying NTLMSSP (bare NTLMSSP is accepted too), NTLMv2
 * verified against the NT hash the identity service holds for the user, then the session keys derived
 * per dialect (3.3.5.5.3) and, for 3.1.1, from the session's preauth hash. The final response is signed
 * by the dispatcher with the new key. A failed authentication removes the session (3.3.5.5.3). Guest and
 * anonymous logons are refused by {@link NtlmServer#verify}. Session binding (multichannel) is not
 * offered, so a binding request is refused with STATUS_REQUEST_NOT_ACCEPTED (3.3.5.5: no
 * SMB2_GLOBAL_CAP_MULTI_CHANNEL). A reconnect's PreviousSessionId ends the user's old session (3.3.5.5.3).
 */
public final class SessionSetupHandler implements SmbHandler {
  private static final Logger log = LoggerFactory.getLogger(SessionSetupHandler.class);
  private static final byte[] NTLMSSP = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public SessionSetupHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) throws AuthException {
    ConnectionState c = request.connection();
    ConnectionState.Negotiated neg = c.negotiated();
    SessionSetup.Request s = (SessionSetup.Request) request.body();
    if (neg == null) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, s);
    }
    SessionState session = request.session();
    if ((s.flags() & SessionSetup.FLAG_BINDING) != 0) {
      // 3.3.5.5: this server is not multichannel capable (no SMB2_GLOBAL_CAP_MULTI_CHANNEL), so a binding
      // request is refused with STATUS_REQUEST_NOT_ACCEPTED whatever it names. When it names a session
      // (of this or another connection, found by the dispatcher in the GlobalSessionTable) the answer is
      // signed with that session's key (3.3.4.1.1), since the client can only trust a signed answer.
      return new SmbReply(NtStatus.REQUEST_NOT_ACCEPTED, ErrorResponse.empty(SmbCommand.SESSION_SETUP),
          session, -1, false, null);
    }
    if (session == null) {
      if (c.sessions().size() >= services.settings().maxSessions()) {
        return SmbReply.error(NtStatus.INSUFFICIENT_RESOURCES, s);
      }
      byte[] preauth = c.preauthHash();
      // 3.3.5.5.1: the SessionId is unique in the GlobalSessionTable, not just on this connection.
      session = services.sessions().register(services.random()::nextLong, id -> new SessionState(id, preauth), c,
          c.serial());
      c.sessions().put(session.sessionId(), session);
    }
    boolean chain = neg.dialect() == Negotiate.SMB_3_1_1 && !session.isValid();
    if (chain) {
      session.preauthHash(PreauthHash.next(session.preauthHash(),
          Unpooled.wrappedBuffer(request.message().toArray()), 0, request.message().length()));
    }
    try {
      return step(request, neg, session, s, chain);
    } catch (AuthException e) {
      log.info("smb session setup refused session={} status={} reason={}", Long.toHexString(session.sessionId()),
          e.status(), e.getMessage());
      // 3.3.5.5.3: an authentication that fails removes the session, a re-authentication of a valid
      // session included (its opens are closed; the client must set up a new session).
      session.exchange(null, Bytes.EMPTY, false);
      SessionEnd.end(services, c, session);
      return new SmbReply(e.status(), ErrorResponse.empty(SmbCommand.SESSION_SETUP), session, -1, false, null);
    }
  }

  private SmbReply step(SmbRequest request, ConnectionState.Negotiated neg, SessionState session,
      SessionSetup.Request s, boolean chain) throws AuthException {
    Bytes token = s.securityBuffer();
    boolean raw = startsWithNtlmssp(token);
    NtlmServer.Exchange exchange = session.exchange();
    if (exchange == null) {
      Bytes negotiate;
      Bytes mechTypes = Bytes.EMPTY;
      if (raw) {
        negotiate = token;
      } else {
        Spnego.NegTokenInit init = Spnego.decodeInit(token);
        if (!init.mechTypes().contains(Spnego.NTLMSSP.getId())) {
          throw new AuthException(NtStatus.LOGON_FAILURE, "SPNEGO mechTypes: " + init.mechTypes()
              + " (expected: NTLMSSP " + Spnego.NTLMSSP.getId() + "; Kerberos is not offered)");
        }
        if (init.mechToken() == null || !init.mechTypes().get(0).equals(Spnego.NTLMSSP.getId())) {
          throw new AuthException(NtStatus.LOGON_FAILURE, "SPNEGO: optimistic token for " + init.mechTypes().get(0)
              + " (expected: an NTLMSSP NEGOTIATE_MESSAGE as the first mechanism's token)");
        }
        negotiate = init.mechToken();
        mechTypes = init.mechTypesDer();
      }
      NtlmServer.Exchange ex = services.ntlm().challenge(negotiate);
      session.exchange(ex, mechTypes, raw);
      Bytes out = raw ? ex.challenge()
          : new Spnego.NegTokenResp(Spnego.ACCEPT_INCOMPLETE, Spnego.NTLMSSP.getId(), ex.challenge(), null).encode();
      return new SmbReply(NtStatus.MORE_PROCESSING_REQUIRED, new SessionSetup.Response(0, out), session, -1,
          false, chain ? preauthUpdate(session) : null);
    }
    Bytes authenticate;
    Bytes clientMic = null;
    if (session.rawNtlm()) {
      authenticate = token;
    } else {
      Spnego.NegTokenResp resp = Spnego.decodeResp(token);
      if (resp.responseToken() == null) {
        throw new AuthException(NtStatus.INVALID_PARAMETER, "SPNEGO NegTokenResp: no responseToken (expected: the"
            + " NTLMSSP AUTHENTICATE_MESSAGE)");
      }
      authenticate = resp.responseToken();
      clientMic = resp.mechListMic();
    }
    NtlmMessages.Authenticate a = NtlmMessages.Authenticate.decode(authenticate);
    Optional<NtIdentity> who = services.identity().ntIdentity(a.user());
    if (who.isEmpty()) {
      throw new AuthException(NtStatus.LOGON_FAILURE, "user '" + a.user() + "': unknown");
    }
    byte[] hash = HexFormat.of().parseHex(who.get().ntHash().reveal());
    NtlmServer.Result result = services.ntlm().verify(exchange, a, authenticate, hash);
    if (clientMic != null && !NtlmServer.verifyMechListMic(result, session.mechTypes(), clientMic)) {
      // MS-SPNG 3.2.5.1: a mechListMIC that does not verify means the mechanism list was altered.
      throw new AuthException(NtStatus.LOGON_FAILURE, "SPNEGO mechListMIC does not verify (expected: the MIC of"
          + " the mechTypes the client sent)");
    }
    Bytes serverMic = clientMic == null ? null : NtlmServer.mechListMic(result, session.mechTypes());
    boolean rawNtlm = session.rawNtlm();
    session.exchange(null, Bytes.EMPTY, false);
    if (session.isValid()) {
      // Re-authentication (3.3.5.5.3): the user may refresh the session but not become someone else.
      if (!session.principal().name().equals(who.get().principal().name())) {
        throw new AuthException(NtStatus.ACCESS_DENIED, "re-authentication as '" + who.get().principal().name()
            + "' on a session of '" + session.principal().name() + "' (expected: the same user)");
      }
      session.reauthenticated(who.get().principal());
    } else {
      SmbKeys keys = SmbKeys.derive(neg.dialect(), result.exportedSessionKey().toArray(), session.preauthHash(),
          neg.cipher());
      // Session.EncryptData is the server-wide "encrypt every session" switch (3.3.5.5.3, from
      // SmbSettings.encryptSessions); without it this server encrypts per share (encryptedShares, at
      // TREE_CONNECT) and whenever a client sends encrypted requests (answers mirror them).
      boolean encrypt = services.settings().encryptSessions();
      if (encrypt && neg.cipher() == null) {
        // RejectUnencryptedAccess: a client that cannot encrypt (2.x, no common cipher) is refused.
        throw new AuthException(NtStatus.ACCESS_DENIED, "session of '" + who.get().principal().name()
            + "' without a cipher (expected: SMB 3.x with a common cipher, the server requires encryption)");
      }
      session.establish(who.get().principal(), keys, new Signer(neg.signing(), keys.signingKey()),
          neg.cipher(), encrypt);
      session.establishedAt(services.clock().instant());
      // 3.3.5.5.3: signing is required when the server requires it or the client's SecurityMode does.
      session.signingRequired(services.settings().signingRequired()
          || (s.securityMode() & Negotiate.SIGNING_REQUIRED) != 0);
      log.info("smb session established session={} user={} dialect={}", Long.toHexString(session.sessionId()),
          who.get().principal().name(), String.format("0x%04X", neg.dialect()));
    }
    if (s.previousSessionId() != 0 && s.previousSessionId() != session.sessionId()) {
      endPrevious(s.previousSessionId(), who.get().principal().name(), request.connection());
    }
    Bytes out = rawNtlm ? Bytes.EMPTY
        : new Spnego.NegTokenResp(Spnego.ACCEPT_COMPLETED, null, null, serverMic).encode();
    int flags = session.encryptData() ? SessionSetup.SESSION_FLAG_ENCRYPT_DATA : 0;
    return new SmbReply(NtStatus.SUCCESS, new SessionSetup.Response(flags, out), session, -1, false, null);
  }

  /**
   * 3.3.5.5.3: a successful SESSION_SETUP that names a PreviousSessionId ends that session when it belongs
   * to the same user (a client reconnecting after losing its connection): its opens are closed except the
   * durable ones, which wait to be reconnected to the new session, and requests on it answer
   * STATUS_USER_SESSION_DELETED. The old
   * session is ended on its own connection's serial path; a session of another user is left alone.
   */
  private void endPrevious(long previousId, String user, ConnectionState c) {
    SessionRegistry.Entry old = services.sessions().get(previousId);
    if (old == null) {
      return;
    }
    SessionState prev = old.session();
    Principal owner = prev.principal();
    if (owner == null || !owner.name().equals(user)) {
      return;
    }
    log.info("smb session reconnect: ending previous session={} user={}", Long.toHexString(previousId), user);
    if (old.connection() == c) {
      SessionEnd.end(services, c, prev);
    } else {
      old.serial().execute(() -> SessionEnd.end(services, old.connection(), prev));
    }
  }

  private static @Nullable Consumer<byte[]> preauthUpdate(SessionState session) {
    return encoded -> session.preauthHash(PreauthHash.next(session.preauthHash(), Unpooled.wrappedBuffer(encoded),
        0, encoded.length));
  }

  private static boolean startsWithNtlmssp(Bytes token) {
    if (token.length() < NTLMSSP.length) {
      return false;
    }
    for (int i = 0; i < NTLMSSP.length; i++) {
      if (token.get(i) != NTLMSSP[i]) {
        return false;
      }
    }
    return true;
  }
}

package dev.estuary.smb.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.DfsException;
import dev.estuary.smb.internal.auth.AuthException;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.Directory;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Lock;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.SessionSetup;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.crypto.Signer;
import dev.estuary.smb.internal.ops.ByShareType;
import dev.estuary.smb.internal.ops.ChangeNotifyHandler;
import dev.estuary.smb.internal.ops.CloseHandler;
import dev.estuary.smb.internal.ops.CreateHandler;
import dev.estuary.smb.internal.ops.EchoHandler;
import dev.estuary.smb.internal.ops.FlushHandler;
import dev.estuary.smb.internal.ops.IoctlHandler;
import dev.estuary.smb.internal.ops.LockHandler;
import dev.estuary.smb.internal.ops.LogoffHandler;
import dev.estuary.smb.internal.ops.NegotiateHandler;
import dev.estuary.smb.internal.ops.OplockBreakHandler;
import dev.estuary.smb.internal.ops.PipeCloseHandler;
import dev.estuary.smb.internal.ops.PipeCreateHandler;
import dev.estuary.smb.internal.ops.PipeReadHandler;
import dev.estuary.smb.internal.ops.PipeWriteHandler;
import dev.estuary.smb.internal.ops.QueryDirectoryHandler;
import dev.estuary.smb.internal.ops.QueryInfoHandler;
import dev.estuary.smb.internal.ops.ReadHandler;
import dev.estuary.smb.internal.ops.ServerServices;
import dev.estuary.smb.internal.ops.SessionSetupHandler;
import dev.estuary.smb.internal.ops.SetInfoHandler;
import dev.estuary.smb.internal.ops.SmbErrors;
import dev.estuary.smb.internal.ops.SmbHandler;
import dev.estuary.smb.internal.ops.SmbReply;
import dev.estuary.smb.internal.ops.SmbRequest;
import dev.estuary.smb.internal.ops.TreeConnectHandler;
import dev.estuary.smb.internal.ops.TreeDisconnectHandler;
import dev.estuary.smb.internal.ops.WriteHandler;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionRegistry;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import io.netty.buffer.ByteBuf;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request of a connection past the per-request checks of [MS-SMB2] 3.3.5.2.9 to 3.3.5.2.11
 * (session, signature, encryption, tree) to the handler of its command (one class per command), and
 * remembers the FileId a related request after it inherits (3.3.5.2.7.2). One per connection, on its
 * serial path; {@link Dispatcher} does the compound, credits and async handling around it.
 */
final class Commands {
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  private final ServerServices services;
  private final ConnectionState connection;
  private final NegotiateHandler negotiate;
  private final Map<SmbCommand, SmbHandler> handlers = new EnumMap<>(SmbCommand.class);

  Commands(ServerServices services, ConnectionState connection) {
    this.services = requireNonNull(services, "services");
    this.connection = requireNonNull(connection, "connection");
    this.negotiate = new NegotiateHandler(services);
    handlers.put(SmbCommand.NEGOTIATE, negotiate);
    handlers.put(SmbCommand.SESSION_SETUP, new SessionSetupHandler(services));
    handlers.put(SmbCommand.LOGOFF, new LogoffHandler(services));
    handlers.put(SmbCommand.TREE_CONNECT, new TreeConnectHandler(services));
    handlers.put(SmbCommand.TREE_DISCONNECT, new TreeDisconnectHandler(services));
    handlers.put(SmbCommand.ECHO, new EchoHandler());
    handlers.put(SmbCommand.IOCTL, new IoctlHandler(services));
    handlers.put(SmbCommand.FLUSH, new FlushHandler());
    handlers.put(SmbCommand.QUERY_DIRECTORY, new QueryDirectoryHandler(services));
    handlers.put(SmbCommand.QUERY_INFO, new QueryInfoHandler(services));
    handlers.put(SmbCommand.SET_INFO, new SetInfoHandler(services));
    handlers.put(SmbCommand.LOCK, new LockHandler());
    handlers.put(SmbCommand.CHANGE_NOTIFY, new ChangeNotifyHandler(services.objects()));
    handlers.put(SmbCommand.OPLOCK_BREAK, new OplockBreakHandler(services));
    // The IPC$ pipe opens and the disk opens are separate tables: the tree's share type picks the handler.
    handlers.put(SmbCommand.CREATE, new ByShareType(new PipeCreateHandler(services), new CreateHandler(services)));
    handlers.put(SmbCommand.CLOSE, new ByShareType(new PipeCloseHandler(), new CloseHandler(services)));
    handlers.put(SmbCommand.READ, new ByShareType(new PipeReadHandler(), new ReadHandler()));
    handlers.put(SmbCommand.WRITE, new ByShareType(new PipeWriteHandler(), new WriteHandler()));
  }

  /** @return the NEGOTIATE handler, which also answers the SMB1 probe */
  NegotiateHandler negotiate() {
    return negotiate;
  }

  /**
   * The checks of 3.3.5.2.9 to 3.3.5.2.11, the body decode and the handler.
   *
   * @param frame the frame the request is in
   * @param raw the request's place in it
   * @param h its header, with what a related request inherits filled in
   * @param cmd its command
   * @param encrypted whether it came in a TRANSFORM_HEADER
   * @param channelSession the session whose keys decrypted it, or null
   * @param previousFileId the FileId a related request inherits, or null
   * @return the handler's reply, or the error of a failed check
   */
  SmbReply run(ByteBuf frame, SmbMessages.Raw raw, Smb2Header h, SmbCommand cmd, boolean encrypted,
      @Nullable SessionState channelSession, @Nullable FileId previousFileId) {
    ErrorResponse errBody = ErrorResponse.empty(cmd);
    SessionState session = null;
    boolean sessionless = cmd == SmbCommand.NEGOTIATE
        || ((cmd == SmbCommand.SESSION_SETUP || cmd == SmbCommand.ECHO) && h.sessionId() == 0);
    if (!sessionless) {
      session = connection.sessions().get(h.sessionId());
      if (session == null && cmd == SmbCommand.SESSION_SETUP && isBinding(frame, raw)) {
        // 3.3.5.5: a binding request names a session of another connection, found in the
        // GlobalSessionTable; the handler refuses it, signed with that session's key.
        SessionRegistry.Entry other = services.sessions().get(h.sessionId());
        session = other != null && other.session().isValid() ? other.session() : null;
      }
      if (session == null) {
        return sessionDeleted(frame, raw, h, errBody);
      }
      if (!session.isValid() && cmd != SmbCommand.SESSION_SETUP) {
        // 3.3.5.2.9: a session still authenticating serves nothing else.
        return SmbReply.error(NtStatus.ACCESS_DENIED, errBody);
      }
      if (encrypted && session != channelSession) {
        return SmbReply.error(NtStatus.ACCESS_DENIED, errBody);
      }
      Signer signer = session.signer();
      if (!encrypted && session.isValid() && signer != null && (h.isSigned() || session.signingRequired())) {
        // 3.3.5.2.4: a signed request must verify; on a session that requires signing (the default) an
        // unsigned request is refused exactly like a wrongly signed one.
        if (!h.isSigned() || !signer.verify(frame, raw.offset(), raw.length())) {
          log.info("smb request refused: {} session={} {}", cmd, Long.toHexString(session.sessionId()),
              h.isSigned() ? "bad signature" : "unsigned");
          return SmbReply.error(NtStatus.ACCESS_DENIED, errBody);
        }
      }
      if (session.encryptData() && !encrypted) {
        return SmbReply.error(NtStatus.ACCESS_DENIED, errBody);
      }
    }
    TreeState tree = null;
    boolean treeless = switch (cmd) {
      case NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT, ECHO, CANCEL -> true;
      // A lease break acknowledgment names no tree; OplockBreakHandler checks it for the oplock form.
      case OPLOCK_BREAK -> h.treeId() == 0 || session == null || !session.trees().containsKey(h.treeId());
      default -> false;
    };
    if (!treeless) {
      tree = session == null ? null : session.trees().get(h.treeId());
      if (tree == null) {
        return SmbReply.error(NtStatus.NETWORK_NAME_DELETED, errBody);
      }
      if (tree.encryptData() && !encrypted) {
        // 3.3.5.2.11: a share that requires encryption refuses plain requests.
        return SmbReply.error(NtStatus.ACCESS_DENIED, errBody);
      }
    }
    try {
      SmbMessage body = SmbMessages.decodeRequest(frame, raw, services.settings().limits());
      ConnectionState.Negotiated n = connection.negotiated();
      if (n != null && n.dialect() != Negotiate.SMB_2_0_2
          && Math.max(1, h.creditCharge()) < CreditCharge.required(body)) {
        // 3.3.5.2.5: a payload larger than its CreditCharge pays for is STATUS_INVALID_PARAMETER.
        return SmbReply.error(NtStatus.INVALID_PARAMETER, errBody);
      }
      Bytes message = cmd == SmbCommand.NEGOTIATE || cmd == SmbCommand.SESSION_SETUP
          ? Bytes.copyOf(frame, raw.offset(), raw.length()) : Bytes.EMPTY;
      lastRequestFileId = requestFileId(body);
      return handlers.get(cmd).handle(new SmbRequest(connection, h, body, session, tree, encrypted, message,
          previousFileId));
    } catch (SmbDecodeException e) {
      log.debug("smb {} refused: {}", cmd, e.getMessage());
      return SmbReply.error(e.status(), errBody);
    } catch (AuthException e) {
      return SmbReply.error(e.status(), errBody);
    } catch (DfsException e) {
      return SmbReply.error(SmbErrors.statusOf(e.kind()), errBody);
    } catch (RuntimeException e) {
      log.warn("smb {} failed", cmd, e);
      return SmbReply.error(NtStatus.INTERNAL_ERROR, errBody);
    }
  }

  /**
   * 3.3.5.2.9: a SessionId this connection does not hold is STATUS_USER_SESSION_DELETED. When the request is
   * signed with the key of a session the server still knows (one this connection ended, by a failed
   * re-authentication or a reconnect, or one of another connection), the answer is signed with that key
   * (3.3.4.1.1: the response to a signed request is signed): a client that requires signing discards an
   * unsigned answer as forged, and would never learn that it must set up a new session. Sessions that
   * encrypt are left out, since their answers would have to be encrypted under that session's nonces.
   */
  private SmbReply sessionDeleted(ByteBuf frame, SmbMessages.Raw raw, Smb2Header h, ErrorResponse errBody) {
    SessionState known = connection.ended(h.sessionId());
    if (known == null) {
      SessionRegistry.Entry other = services.sessions().get(h.sessionId());
      known = other == null ? null : other.session();
    }
    Signer signer = known == null ? null : known.signer();
    if (h.isSigned() && signer != null && known.isValid() && !known.encryptData()
        && signer.verify(frame, raw.offset(), raw.length())) {
      return new SmbReply(NtStatus.USER_SESSION_DELETED, errBody, known, -1, false, null);
    }
    return SmbReply.error(NtStatus.USER_SESSION_DELETED, errBody);
  }

  /** Whether a SESSION_SETUP request has SMB2_SESSION_FLAG_BINDING (2.2.5: Flags follows StructureSize). */
  private static boolean isBinding(ByteBuf frame, SmbMessages.Raw raw) {
    int flagsAt = Smb2Header.SIZE + 2;
    return raw.length() > flagsAt
        && (frame.getUnsignedByte(raw.offset() + flagsAt) & SessionSetup.FLAG_BINDING) != 0;
  }

  /** The FileId of the request being handled (null if it has none), for the next related request. */
  private @Nullable FileId lastRequestFileId;

  /**
   * The FileId a related request after this one inherits (3.3.5.2.7.2): the one a CREATE opened, else the
   * one the request named (unless a related request named the placeholder, which keeps the inherited one; in
   * an unrelated request the all-ones FileId is just an invalid handle, and the next related request
   * inherits that).
   */
  @Nullable FileId fileIdOf(Object responseBody, @Nullable FileId previous, boolean related) {
    if (responseBody instanceof Create.Response c) {
      return c.fileId();
    }
    FileId named = lastRequestFileId;
    lastRequestFileId = null;
    return named == null || related && named.isRelatedPlaceholder() ? previous : named;
  }

  private static @Nullable FileId requestFileId(Object body) {
    return switch (body) {
      case FileOps.CloseRequest r -> r.fileId();
      case FileOps.FlushRequest r -> r.fileId();
      case ReadWrite.ReadRequest r -> r.fileId();
      case ReadWrite.WriteRequest r -> r.fileId();
      case Lock.Request r -> r.fileId();
      case Ioctl.Request r -> r.fileId();
      case Directory.QueryRequest r -> r.fileId();
      case Directory.NotifyRequest r -> r.fileId();
      case Info.QueryRequest r -> r.fileId();
      case Info.SetRequest r -> r.fileId();
      default -> null;
    };
  }
}

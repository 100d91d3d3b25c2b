package dev.estuary.smb.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.Smb1Negotiate;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.codec.TransformHeader;
import dev.estuary.smb.internal.crypto.Signer;
import dev.estuary.smb.internal.server.ResponseEncoder.Pending;
import dev.estuary.smb.internal.crypto.TransformCipher;
import dev.estuary.smb.internal.ops.AsyncWork;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.ops.ServerServices;
import dev.estuary.smb.internal.ops.SessionEnd;
import dev.estuary.smb.internal.ops.SmbReply;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one received frame of a connection and produces the frame to send back ([MS-SMB2] 3.3.5.2).
 * In order: the SMB1 probe (3.3.5.3.1); decryption of a TRANSFORM_HEADER (3.3.5.2.1.1); the compound
 * split (3.3.5.2.7); per message the MessageId window (3.3.5.2.3), related-compound inheritance of
 * SessionId and TreeId (3.3.5.2.7.2), session verification (3.3.5.2.9), signature verification
 * (3.3.5.2.4: an unsigned or wrongly signed request on a signed session is STATUS_ACCESS_DENIED),
 * the encryption requirement of the session and tree (3.3.5.2.9, 3.3.5.2.11), tree verification, then
 * the command's handler. Responses get credits (3.3.1.2), are compounded, signed one by one (3.3.4.1.1)
 * or encrypted together (3.3.4.1.4) when the request was encrypted or the session or tree requires it.
 *
 * <p>A handler may go async ({@link SmbReply#pending}, 3.3.4.2): the compound then carries an unsigned
 * interim STATUS_PENDING response with a fresh AsyncId and the request's credits, and the final response
 * (CreditResponse 0, same AsyncId) goes out through the connection's {@link AsyncSink} when the work
 * completes. CANCEL (3.3.5.16) finds the request by AsyncId, or by MessageId when sent in the sync form,
 * within its session, stops the work and answers it STATUS_CANCELLED; CANCEL itself gets no response.
 *
 * <p>One instance per connection; not thread-safe (the connection calls it, and the async completions it
 * schedules through the sink, from one task at a time).
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * What to do after a frame.
   *
   * @param response the frame to send (without the Direct-TCP prefix), or null for none
   * @param disconnect whether to close the connection after sending it
   */
  public record Output(@Nullable ByteBuf response, boolean disconnect) {
    static final Output DROP = new Output(null, true);
    static final Output NOTHING = new Output(null, false);
  }

  private final ConnectionState connection;
  private final ServerServices services;
  private final RequestMetrics metrics;
  private final Commands commands;
  private final ResponseEncoder encoder;
  private final Map<Long, AsyncEntry> asyncs = new LinkedHashMap<>();
  private long nextAsyncId = 1;
  private @Nullable AsyncSink sink;

  /** Where async completions run and their final responses go: the connection. */
  public interface AsyncSink {
    /**
     * Runs a task serially with the connection's frame processing, after the output of the frame being
     * processed has been sent.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Sends a frame (without the Direct-TCP prefix).
     *
     * @param frame the frame; released by the transport
     */
    void send(ByteBuf frame);
  }

  /** A request that went async: what the final response needs. */
  private record AsyncEntry(long asyncId, Smb2Header request, SmbCommand command, boolean encrypted,
      boolean signedRequest, @Nullable SessionState channelSession, AsyncWork work, long start,
      @Nullable Rest rest) {}

  /**
   * The requests of a compound after a CREATE that went async in its middle (it waits for an oplock or
   * lease break): processed once the CREATE has its final answer, with its SessionId, TreeId and FileId
   * for related requests ([MS-SMB2] 3.3.5.2.7 and its Windows note: of the requests in the middle of a
   * compound only a CREATE that breaks an oplock may go async; Samba does the same). The bytes are a copy,
   * since the frame is released once processed.
   */
  private record Rest(byte[] bytes, long session, int tree, long transformSessionId) {}

  /** How a compound continues after an async CREATE: the state a related request inherits from it. */
  private record Resume(long session, int tree, @Nullable FileId fileId, NtStatus status) {}

  /**
   * A dispatcher for one connection.
   *
   * @param services the server's services
   * @param metrics where each command's outcome is recorded
   */
  public Dispatcher(ServerServices services, RequestMetrics metrics) {
    this.services = requireNonNull(services, "services");
    this.metrics = requireNonNull(metrics, "metrics");
    this.connection = new ConnectionState(services.settings().maxCredits());
    this.commands = new Commands(services, connection);
    this.encoder = new ResponseEncoder(connection);
  }

  /**
   * Attaches the connection, which runs async completions and sends their responses.
   *
   * @param sink the connection
   */
  public void attach(AsyncSink sink) {
    this.sink = requireNonNull(sink, "sink");
    connection.serial(sink::execute);
    connection.breakSink(this::sendBreak);
  }

  /**
   * An unsolicited OPLOCK_BREAK notification ([MS-SMB2] 3.3.4.6, 3.3.4.7): MessageId all ones, SessionId
   * and TreeId 0, no credits, not signed; encrypted with the owning session's keys when it or its tree
   * requires encryption. Encoded and sent on the connection's serial path (the session's nonce counter
   * lives there); dropped if the session is gone.
   */
  private void sendBreak(SmbMessage body, long sessionId, boolean encrypt) {
    AsyncSink s = sink;
    if (s == null) {
      return;
    }
    s.execute(() -> {
      SessionState sess = connection.sessions().get(sessionId);
      if (sess == null) {
        return;
      }
      Smb2Header h = new Smb2Header(0, NtStatus.SUCCESS.code(), SmbCommand.OPLOCK_BREAK.code(), 0,
          Smb2Header.FLAG_RESPONSE, 0, -1L, 0, 0, 0, 0, Bytes.zeros(16));
      ByteBuf buf = Unpooled.buffer();
      SmbMessages.encode(buf, h, body);
      TransformCipher e = sess.encryptor();
      if (encrypt && e != null) {
        ByteBuf sealed = e.encrypt(buf, sess.nextNonce(connection.negotiated().cipher().nonceBytes()),
            sess.sessionId());
        buf.release();
        buf = sealed;
      }
      s.send(buf);
    });
  }

  /**
   * Ends the connection's state (it closed: nobody is left to answer): stops every async operation and ends
   * every session (durable opens wait for a reconnect, the rest close, [MS-SMB2] 3.3.7.1). Called on the
   * connection's serial path.
   */
  public void close() {
    List<AsyncEntry> all = List.copyOf(asyncs.values());
    asyncs.clear();
    for (AsyncEntry e : all) {
      e.work().cancel();
    }
    for (SessionState s : List.copyOf(connection.sessions().values())) {
      SessionEnd.end(services, connection, s);
    }
  }

  /**
   * How many requests wait async (tests and the admin view).
   *
   * @return the count
   */
  public int asyncCount() {
    return asyncs.size();
  }

  /**
   * The connection's state (tests and the admin view).
   *
   * @return the state
   */
  public ConnectionState connection() {
    return connection;
  }

  /**
   * Processes a frame (the SMB message, compound, transform or SMB1 probe without its prefix).
   *
   * @param frame the frame; not released here
   * @return what to send and whether to disconnect
   */
  public Output process(ByteBuf frame) {
    try {
      return processChecked(frame);
    } catch (SmbDecodeException e) {
      // Framing-level violations (bad compound chain, bad transform, undecryptable message): 3.3.5.2
      // says the server disconnects, since nothing can be answered reliably.
      log.info("smb connection dropped: {}", e.getMessage());
      return Output.DROP;
    }
  }

  private Output processChecked(ByteBuf frame) throws SmbDecodeException {
    if (Smb1Negotiate.isSmb1(frame)) {
      return smb1(frame);
    }
    boolean encrypted = false;
    SessionState channelSession = null;
    long transformSessionId = 0;
    ByteBuf plain = frame;
    if (TransformHeader.isTransform(frame)) {
      ConnectionState.Negotiated n = connection.negotiated();
      if (n == null || n.dialect() < Negotiate.SMB_3_0) {
        throw new SmbDecodeException("TRANSFORM_HEADER before a 3.x dialect (expected: SMB2 messages)");
      }
      TransformHeader th = TransformHeader.decode(frame);
      transformSessionId = th.sessionId();
      channelSession = connection.sessions().get(th.sessionId());
      TransformCipher d = channelSession == null ? null : channelSession.decryptor();
      if (d == null) {
        throw new SmbDecodeException("TRANSFORM_HEADER SessionId " + Long.toHexString(th.sessionId())
            + ": no session that encrypts (expected: an established 3.x session)");
      }
      plain = d.decrypt(frame);
      encrypted = true;
    }
    List<SmbMessages.Raw> raws = SmbMessages.split(plain, plain.readerIndex(), plain.readableBytes());
    return compound(plain, raws, encrypted, channelSession, transformSessionId, null);
  }

  private Output compound(ByteBuf plain, List<SmbMessages.Raw> raws, boolean encrypted,
      @Nullable SessionState channelSession, long transformSessionId, @Nullable Resume resume)
      throws SmbDecodeException {
    List<Pending> out = new ArrayList<>(raws.size());
    List<AsyncEntry> started = new ArrayList<>();
    long prevSession = resume == null ? 0 : resume.session();
    int prevTree = resume == null ? 0 : resume.tree();
    FileId prevFileId = resume == null ? null : resume.fileId();
    NtStatus prevStatus = resume == null ? NtStatus.SUCCESS : resume.status();
    boolean prevSessionMissing = false;
    // A failed CREATE fails the related requests after it (see below), also when it answered async.
    boolean prevFailurePropagates = resume != null && resume.status().isError();
    // The first request of a continued compound follows the CREATE it continues.
    boolean first = resume == null;
    for (int i = 0; i < raws.size(); i++) {
      SmbMessages.Raw raw = raws.get(i);
      Smb2Header h = raw.header();
      SmbCommand cmd = SmbCommand.of(h.command());
      if (h.isResponse() || cmd == null) {
        throw new SmbDecodeException(String.format("request %d: command 0x%04X flags 0x%08X (expected: a"
            + " request with a known command)", i, h.command(), h.flags()));
      }
      if (encrypted && !h.isRelated() && h.sessionId() != transformSessionId) {
        // 3.3.5.2.1.1: the decrypted message must belong to the session that encrypted it.
        throw new SmbDecodeException("SessionId " + Long.toHexString(h.sessionId()) + " inside a transform of"
            + " session " + Long.toHexString(transformSessionId) + " (expected: the same)");
      }
      if (cmd == SmbCommand.CANCEL) {
        // 3.3.5.16: CANCEL takes no credit and gets no response; the request it names answers.
        cancel(plain, raw, h, encrypted);
        continue;
      }
      ConnectionState.Negotiated n = connection.negotiated();
      boolean multiCredit = n != null && n.dialect() != Negotiate.SMB_2_0_2;
      if (!connection.credits().consume(h.messageId(), multiCredit ? h.creditCharge() : 1)) {
        // 3.3.5.2.3: a MessageId outside the window or used before terminates the connection.
        throw new SmbDecodeException("MessageId " + Long.toUnsignedString(h.messageId()) + " charge "
            + h.creditCharge() + ": outside the credit window or already used");
      }
      if (cmd != SmbCommand.NEGOTIATE && (n == null || connection.smb2Wildcard())) {
        // 3.3.5.2: anything but NEGOTIATE before a dialect is negotiated drops the connection.
        throw new SmbDecodeException(cmd + " before NEGOTIATE (expected: NEGOTIATE first)");
      }
      Smb2Header eff = h;
      boolean asyncInMiddle = false;
      boolean related = h.isRelated();
      if (related && (i > 0 || !first)) {
        eff = new Smb2Header(h.creditCharge(), h.status(), h.command(), h.credits(), h.flags(), h.nextCommand(),
            h.messageId(), h.asyncId(), h.processId(), prevTree, prevSession, h.signature());
      }
      long start = System.nanoTime();
      Pending p;
      boolean inherited = related && (i == 0 && first || prevSessionMissing
          || prevStatus.isError() && prevFailurePropagates);
      Rest rest = null;
      if (related && i == 0 && first) {
        // 3.3.5.2.7.2: the first request of a compound cannot be related. The answer is signed with the
        // request's session like any other, or a client that requires signing cannot read the status.
        p = error(eff, cmd, NtStatus.INVALID_PARAMETER, connection.sessions().get(eff.sessionId()));
      } else if (related && prevSessionMissing) {
        // 3.3.5.2.7.2: a related request takes its SessionId from the previous one; when that session did not
        // exist there is nothing to inherit, and the request is invalid (Windows and Samba answer so).
        p = error(eff, cmd, NtStatus.INVALID_PARAMETER, null);
      } else if (related && prevStatus.isError() && prevFailurePropagates) {
        // 3.3.5.2.7.2: a related request after a failed one that was to give it its FileId (or TreeId or
        // SessionId) fails the same way, and so does the rest of the chain.
        p = error(eff, cmd, prevStatus, connection.sessions().get(eff.sessionId()));
      } else {
        SmbReply r = commands.run(plain, raw, eff, cmd, encrypted, channelSession, related ? prevFileId : null);
        if (r.disconnect()) {
          log.info("smb connection dropped after {}", cmd);
          return Output.DROP;
        }
        SessionState sess = r.session() != null ? r.session() : connection.sessions().get(eff.sessionId());
        long sid = r.session() != null ? r.session().sessionId() : eff.sessionId();
        int tid = r.treeId() >= 0 ? r.treeId() : eff.treeId();
        int grant = connection.credits().grant(h.credits());
        int flags = Smb2Header.FLAG_RESPONSE | (h.flags() & (Smb2Header.FLAG_RELATED | Smb2Header.FLAG_PRIORITY_MASK));
        Smb2Header rh = new Smb2Header(h.creditCharge(), r.status().code(), h.command(), grant, flags, 0,
            h.messageId(), 0, eff.processId(), tid, sid, Bytes.zeros(16));
        TreeState tree = sess == null ? null : sess.trees().get(tid);
        AsyncWork work = r.async();
        boolean room = asyncs.size() + started.size() < services.settings().maxCredits();
        if (work != null && i < raws.size() - 1 && cmd == SmbCommand.CREATE && room) {
          // A CREATE waiting for a break in the middle of a compound goes async; the requests after it
          // wait for its answer (see Rest). The Linux cifs client sends CREATE+SET_INFO+CLOSE for
          // setxattr, rename and delete, and its own deferred-close handle's lease must break first.
          SmbMessages.Raw next = raws.get(i + 1);
          SmbMessages.Raw last = raws.get(raws.size() - 1);
          byte[] bytes = new byte[last.offset() + last.length() - next.offset()];
          plain.getBytes(next.offset(), bytes);
          rest = new Rest(bytes, sid, tid, transformSessionId);
        }
        if (work != null && i < raws.size() - 1 && rest == null) {
          // Only the last request of a compound may go async (Windows, [MS-SMB2] 3.3.5.2.7 product note;
          // Samba does the same): one in the middle is failed with STATUS_INTERNAL_ERROR instead of
          // pending, its work never starts, and the requests after it run as usual (smbtorture
          // smb2.compound.interim2). The failure is not the previous status the next related request
          // inherits, since the request itself was valid.
          work = null;
          asyncInMiddle = true;
          rh = new Smb2Header(h.creditCharge(), NtStatus.INTERNAL_ERROR.code(), h.command(), grant, flags, 0,
              h.messageId(), 0, eff.processId(), tid, sid, Bytes.zeros(16));
          p = new Pending(rh, ErrorResponse.empty(cmd), sess, tree, null, h.isSigned());
        } else if (work != null && !room) {
          // 3.3.4.2: with no room for another async operation the request fails instead.
          work = null;
          rh = new Smb2Header(h.creditCharge(), NtStatus.INSUFFICIENT_RESOURCES.code(), h.command(), grant, flags, 0,
              h.messageId(), 0, eff.processId(), tid, sid, Bytes.zeros(16));
          p = new Pending(rh, ErrorResponse.empty(cmd), sess, tree, null, h.isSigned());
        } else if (work != null) {
          // 3.3.4.2: the interim response carries the AsyncId and the credits; the final one neither.
          long asyncId = nextAsyncId++;
          rh = new Smb2Header(h.creditCharge(), NtStatus.PENDING.code(), h.command(), grant,
              flags | Smb2Header.FLAG_ASYNC, 0, h.messageId(), asyncId, 0, 0, sid, Bytes.zeros(16));
          started.add(new AsyncEntry(asyncId, rh, cmd, encrypted, h.isSigned(), channelSession, work, start,
              rest));
          p = new Pending(rh, r.body(), sess, tree, null, h.isSigned());
        } else {
          p = new Pending(rh, r.body(), sess, tree, r.afterEncode(), h.isSigned());
        }
      }
      if (p.header().status() != NtStatus.PENDING.code()) {
        // An async request is counted once, with its final status, when it completes.
        metrics.record(cmd.name(), "STATUS_" + NtStatus.of(p.header().status()).name(), System.nanoTime() - start);
      }
      out.add(p);
      prevSession = p.header().sessionId();
      prevTree = p.header().treeId();
      prevStatus = NtStatus.of(p.header().status());
      prevSessionMissing = prevStatus == NtStatus.USER_SESSION_DELETED && p.session() == null;
      // Only a failure of what creates the handles a related request inherits passes on (3.3.5.2.7.2 and its
      // Windows note): a failed CREATE, TREE_CONNECT or SESSION_SETUP, or a failure passed on already. A READ
      // or WRITE that fails on its own (say, for lack of access) leaves the next related request to run, and
      // so does a request failed only for going async in the middle of a compound (it was valid).
      prevFailurePropagates = prevStatus.isError() && !asyncInMiddle && (inherited || cmd == SmbCommand.CREATE
          || cmd == SmbCommand.TREE_CONNECT || cmd == SmbCommand.SESSION_SETUP);
      prevFileId = commands.fileIdOf(p.body(), prevFileId, related);
      if (rest != null) {
        break;
      }
    }
    if (out.isEmpty()) {
      return Output.NOTHING;
    }
    Output o = new Output(encoder.encode(out, encrypted, channelSession), false);
    for (AsyncEntry e : started) {
      asyncs.put(e.asyncId(), e);
      AsyncSink s = requireNonNull(sink, "sink (expected: attach() before a handler goes async)");
      e.work().start(new AsyncWork.Completion() {
        @Override
        public void complete(SmbReply reply) {
          s.execute(() -> finish(e.asyncId(), reply));
        }

        @Override
        public void execute(Runnable task) {
          s.execute(task);
        }
      });
    }
    return o;
  }

  /**
   * 3.3.5.16: the async request a CANCEL names, in its session, ends with STATUS_CANCELLED. CANCEL has no
   * response of its own, so its metric's status says what it did: STATUS_SUCCESS when it ended a request,
   * STATUS_NOT_FOUND when there was none to end, STATUS_ACCESS_DENIED when its signature did not verify.
   */
  private void cancel(ByteBuf frame, SmbMessages.Raw raw, Smb2Header h, boolean encrypted) {
    long start = System.nanoTime();
    NtStatus outcome = cancelOne(frame, raw, h, encrypted);
    metrics.record(SmbCommand.CANCEL.name(), "STATUS_" + outcome.name(), System.nanoTime() - start);
  }

  private NtStatus cancelOne(ByteBuf frame, SmbMessages.Raw raw, Smb2Header h, boolean encrypted) {
    AsyncEntry target = null;
    for (AsyncEntry e : asyncs.values()) {
      if (h.isAsync() ? e.asyncId() == h.asyncId() : e.request().messageId() == h.messageId()) {
        target = e;
        break;
      }
    }
    SessionState s = connection.sessions().get(h.sessionId());
    if (target == null || s == null || target.request().sessionId() != h.sessionId()) {
      // Nothing of this session to cancel (already answered, or never async): no response at all.
      return NtStatus.NOT_FOUND;
    }
    Signer signer = s.signer();
    if (!encrypted && signer != null && (h.isSigned() || s.signingRequired())
        && (!h.isSigned() || !signer.verify(frame, raw.offset(), raw.length()))) {
      log.info("smb CANCEL ignored: session={} {}", Long.toHexString(s.sessionId()),
          h.isSigned() ? "bad signature" : "unsigned");
      return NtStatus.ACCESS_DENIED;
    }
    asyncs.remove(target.asyncId());
    target.work().cancel();
    SmbReply cancelled = SmbReply.error(NtStatus.CANCELLED, ErrorResponse.empty(target.command()));
    sendFinal(target, cancelled);
    resume(target, cancelled);
    return NtStatus.SUCCESS;
  }

  /** An async completion, on the connection's serial path; ignored once cancelled or answered. */
  private void finish(long asyncId, SmbReply reply) {
    AsyncEntry e = asyncs.remove(asyncId);
    if (e != null) {
      sendFinal(e, reply);
      resume(e, reply);
    }
  }

  /** Runs the rest of a compound whose CREATE went async, now that it has its final answer (see Rest). */
  private void resume(AsyncEntry e, SmbReply reply) {
    Rest rest = e.rest();
    AsyncSink s = sink;
    if (rest == null || s == null) {
      return;
    }
    ByteBuf buf = Unpooled.wrappedBuffer(rest.bytes());
    try {
      List<SmbMessages.Raw> raws = SmbMessages.split(buf, 0, buf.readableBytes());
      Output o = compound(buf, raws, e.encrypted(), e.channelSession(), rest.transformSessionId(),
          new Resume(rest.session(), rest.tree(), commands.fileIdOf(reply.body(), null, false), reply.status()));
      if (o.response() != null) {
        s.send(o.response());
      }
      if (o.disconnect()) {
        log.info("smb: the rest of a compound after an async CREATE would drop the connection; left unanswered");
      }
    } catch (SmbDecodeException ex) {
      log.info("smb: the rest of a compound after an async CREATE does not decode: {}", ex.getMessage());
    }
  }

  private void sendFinal(AsyncEntry e, SmbReply reply) {
    Smb2Header req = e.request();
    SessionState s = connection.sessions().get(req.sessionId());
    if (s == null) {
      // The session ended meanwhile (LOGOFF, reconnect, failed re-authentication), which is what ended the
      // work (STATUS_NOTIFY_CLEANUP): the answer is still owed, signed with the ended session's key.
      s = connection.ended(req.sessionId());
    }
    metrics.record(e.command().name(), "STATUS_" + reply.status().name(), System.nanoTime() - e.start());
    if (s == null || sink == null) {
      // A session this connection no longer remembers: there is no key left to sign the answer with.
      return;
    }
    Smb2Header rh = new Smb2Header(req.creditCharge(), reply.status().code(), req.command(), 0, req.flags()
        & ~Smb2Header.FLAG_RELATED, 0, req.messageId(), e.asyncId(), 0, 0, req.sessionId(), Bytes.zeros(16));
    sink.send(encoder.encode(List.of(new Pending(rh, reply.body(), s, null, null, e.signedRequest())), e.encrypted(),
        e.channelSession()));
  }

  private Pending error(Smb2Header h, SmbCommand cmd, NtStatus status, @Nullable SessionState session) {
    int grant = connection.credits().grant(h.credits());
    int flags = Smb2Header.FLAG_RESPONSE | (h.flags() & (Smb2Header.FLAG_RELATED | Smb2Header.FLAG_PRIORITY_MASK));
    Smb2Header rh = new Smb2Header(h.creditCharge(), status.code(), h.command(), grant, flags, 0, h.messageId(), 0,
        h.processId(), h.treeId(), h.sessionId(), Bytes.zeros(16));
    return new Pending(rh, ErrorResponse.empty(cmd), session, null, null, h.isSigned());
  }

  /** 3.3.5.3.1: the SMB1 multi-protocol NEGOTIATE, answered with an SMB2 NEGOTIATE response. */
  private Output smb1(ByteBuf frame) throws SmbDecodeException {
    if (connection.negotiated() != null || connection.smb2Wildcard()) {
      throw new SmbDecodeException("SMB1 NEGOTIATE on a negotiated connection (expected: SMB2 requests)");
    }
    int revision = Smb1Negotiate.answer(Smb1Negotiate.dialects(frame));
    if (revision == 0 || !connection.credits().consume(0, 1)) {
      throw new SmbDecodeException("SMB1 NEGOTIATE: no SMB2 dialect offered (expected: \"SMB 2.002\" or"
          + " \"SMB 2.???\")");
    }
    long start = System.nanoTime();
    Negotiate.Response body = commands.negotiate().smb1Probe(connection, revision);
    Smb2Header h = new Smb2Header(0, NtStatus.SUCCESS.code(), SmbCommand.NEGOTIATE.code(),
        connection.credits().grant(1), Smb2Header.FLAG_RESPONSE, 0, 0, 0, 0, 0, 0, Bytes.zeros(16));
    ByteBuf buf = Unpooled.buffer();
    SmbMessages.encode(buf, h, body);
    metrics.record("SMB1_NEGOTIATE", "STATUS_SUCCESS", System.nanoTime() - start);
    return new Output(buf, false);
  }
}

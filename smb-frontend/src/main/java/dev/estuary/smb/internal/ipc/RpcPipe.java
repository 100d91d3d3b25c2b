package dev.estuary.smb.internal.ipc;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.rpc.RpcDecodeException;
import dev.estuary.smb.internal.rpc.RpcPdu;
import dev.estuary.smb.internal.rpc.SyntaxId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one DCE/RPC association over one named-pipe open ([C706] 12, [MS-RPCE] 3.1.1):
 * bytes written to the pipe are cut into fragments by their frag_length, requests are reassembled from
 * their fragments and run on the endpoint, and each answer PDU becomes one message of the pipe's output,
 * since the pipe is in message mode ([MS-RPCE] 2.1.1.2: one PDU per message). Reads take from the head
 * message; a read shorter than the message leaves the rest for the next read (STATUS_BUFFER_OVERFLOW).
 *
 * <p>Bounded: a fragment may be at most the negotiated max_recv_frag, a reassembled request at most
 * {@value #MAX_REQUEST_STUB} bytes, and no write is taken while {@value #MAX_QUEUED_OUTPUT} bytes of
 * answers wait unread. A fragment that breaks the framing leaves the stream unsynchronised, so the pipe
 * answers it with a FAULT and is broken from then on. Not thread-safe: the connection's serial processing
 * calls it, and waiting readers run on that path.
 */
public final class RpcPipe {
  private static final Logger log = LoggerFactory.getLogger(RpcPipe.class);

  /** The largest request stub reassembled from fragments (srvsvc requests are a few hundred bytes). */
  public static final int MAX_REQUEST_STUB = 64 * 1024;
  /** The most answer bytes left unread before writes are refused. */
  public static final int MAX_QUEUED_OUTPUT = 4 * 1024 * 1024;

  /** A piece of the head message. */
  public record Chunk(Bytes data, boolean overflow) {
    /** Validates. */
    public Chunk {
      requireNonNull(data, "data");
    }
  }

  private final RpcEndpoint endpoint;
  private final int assocGroupId;
  private boolean bound;
  private boolean broken;
  private int maxXmit = RpcPdu.MAX_FRAG;
  private int maxRecv = RpcPdu.MAX_FRAG;
  private final Set<Integer> contexts = new HashSet<>();
  private byte[] input = new byte[0];
  private final ArrayDeque<byte[]> output = new ArrayDeque<>();
  private int headOffset;
  private long queued;
  private final ArrayDeque<Runnable> waiters = new ArrayDeque<>();
  private boolean closed;
  // The request being reassembled, if any.
  private @Nullable ByteArrayOutputStream stub;
  private int callId;
  private int contextId;
  private int opnum;

  /**
   * A fresh, unbound pipe.
   *
   * @param endpoint the interface served
   * @param assocGroupId the association group this pipe's BIND_ACK announces (non-zero)
   */
  public RpcPipe(RpcEndpoint endpoint, int assocGroupId) {
    this.endpoint = requireNonNull(endpoint, "endpoint");
    if (assocGroupId == 0) {
      throw new IllegalArgumentException("assocGroupId: 0 (expected: non-zero)");
    }
    this.assocGroupId = assocGroupId;
  }

  /** @return whether a framing error broke the pipe (further writes are refused) */
  public boolean broken() {
    return broken;
  }

  /**
   * Waits for output: {@code waiter} runs (on the caller's thread of the write that produced it) once an
   * answer waits and every earlier waiter had its turn, or when the pipe closes. Readers of an empty
   * message-mode pipe block this way ([MS-SMB2] 3.3.5.12 on a pipe: the read goes async).
   *
   * @param waiter what to run; it reads the answer itself
   */
  public void await(Runnable waiter) {
    waiters.add(requireNonNull(waiter, "waiter"));
    wake();
  }

  /**
   * Stops waiting (the read was cancelled).
   *
   * @param waiter a waiter given to {@link #await}
   */
  public void cancelWait(Runnable waiter) {
    waiters.remove(waiter);
  }

  /** Closes the pipe: waiting readers run and find it closed; unread answers are dropped. */
  public void close() {
    closed = true;
    output.clear();
    queued = 0;
    headOffset = 0;
    wake();
  }

  private void wake() {
    while (!waiters.isEmpty() && (closed || !output.isEmpty())) {
      waiters.poll().run();
    }
  }

  /** @return whether answers wait to be read */
  public boolean hasOutput() {
    return !output.isEmpty();
  }

  /** @return whether writes are refused until answers are read */
  public boolean full() {
    return queued >= MAX_QUEUED_OUTPUT;
  }

  /**
   * Takes bytes written to the pipe and answers every complete fragment.
   *
   * @param data the bytes (any split of the PDU stream)
   */
  public void write(Bytes data) {
    if (broken || closed) {
      throw new IllegalStateException("pipe " + (closed ? "closed" : "broken"));
    }
    byte[] in = Arrays.copyOf(input, input.length + data.length());
    System.arraycopy(data.toArray(), 0, in, input.length, data.length());
    int pos = 0;
    while (!broken && in.length - pos >= RpcPdu.HEADER_SIZE) {
      RpcPdu.Header h;
      try {
        h = RpcPdu.Header.decode(Arrays.copyOfRange(in, pos, pos + RpcPdu.HEADER_SIZE));
      } catch (RpcDecodeException e) {
        breakPipe(0, e);
        break;
      }
      if (h.fragLength() < RpcPdu.HEADER_SIZE || h.fragLength() > maxRecv) {
        breakPipe(h.callId(), new RpcDecodeException(RpcPdu.NCA_S_PROTO_ERROR, "frag_length: " + h.fragLength()
            + " (expected: 16.." + maxRecv + ", the negotiated max_recv_frag)"));
        break;
      }
      if (in.length - pos < h.fragLength()) {
        break;
      }
      byte[] frag = Arrays.copyOfRange(in, pos, pos + h.fragLength());
      pos += h.fragLength();
      fragment(frag);
    }
    input = broken ? new byte[0] : Arrays.copyOfRange(in, pos, in.length);
  }

  /**
   * Reads from the head message.
   *
   * @param max the most bytes the reader takes
   * @return the bytes, with overflow set when the message has more; null when no answer waits
   */
  public @Nullable Chunk read(int max) {
    byte[] head = closed ? null : output.peek();
    if (head == null) {
      return null;
    }
    int n = Math.min(max, head.length - headOffset);
    Bytes data = Bytes.of(Arrays.copyOfRange(head, headOffset, headOffset + n));
    headOffset += n;
    queued -= n;
    boolean overflow = headOffset < head.length;
    if (!overflow) {
      output.poll();
      headOffset = 0;
    }
    return new Chunk(data, overflow);
  }

  private void fragment(byte[] frag) {
    RpcPdu pdu;
    try {
      pdu = RpcPdu.decode(frag);
    } catch (RpcDecodeException e) {
      breakPipe(frag.length >= 16 ? (frag[12] & 0xFF) | (frag[13] & 0xFF) << 8 | (frag[14] & 0xFF) << 16
          | (frag[15] & 0xFF) << 24 : 0, e);
      return;
    }
    switch (pdu) {
      case RpcPdu.Bind b -> bind(b);
      case RpcPdu.Request r -> request(r);
      case RpcPdu.Other o -> other(o);
      default -> breakPipe(pdu.callId(), new RpcDecodeException(RpcPdu.NCA_S_PROTO_ERROR, "PDU " + pdu
          + " (expected: one a client sends)"));
    }
  }

  private void bind(RpcPdu.Bind b) {
    if (!b.alter() && bound) {
      // A second BIND on an association is a protocol error ([C706] 12.4: one bind per association).
      emit(new RpcPdu.BindNak(b.callId(), RpcPdu.NAK_REASON_NOT_SPECIFIED).encode());
      return;
    }
    if (b.alter() && !bound) {
      breakPipe(b.callId(), new RpcDecodeException(RpcPdu.NCA_S_PROTO_ERROR, "ALTER_CONTEXT before BIND"
          + " (expected: BIND first)"));
      return;
    }
    if (b.authLength() != 0) {
      // Authenticated RPC (NTLMSSP or Kerberos inside the pipe) is not served: the SMB session already
      // authenticated the user, and clients bind srvsvc without it ([MS-SRVS] 2.1).
      emit(new RpcPdu.BindNak(b.callId(), RpcPdu.NAK_AUTHENTICATION_TYPE_NOT_RECOGNIZED).encode());
      return;
    }
    if (!b.alter()) {
      if (b.maxXmitFrag() < RpcPdu.MIN_FRAG || b.maxRecvFrag() < RpcPdu.MIN_FRAG) {
        emit(new RpcPdu.BindNak(b.callId(), RpcPdu.NAK_LOCAL_LIMIT_EXCEEDED).encode());
        return;
      }
      if (b.assocGroupId() != 0 && b.assocGroupId() != assocGroupId) {
        // Association groups do not span pipe opens here; joining an unknown one is refused as Samba does.
        emit(new RpcPdu.BindNak(b.callId(), RpcPdu.NAK_REASON_NOT_SPECIFIED).encode());
        return;
      }
      maxXmit = Math.min(b.maxRecvFrag(), RpcPdu.MAX_FRAG);
      maxRecv = Math.min(b.maxXmitFrag(), RpcPdu.MAX_FRAG);
      bound = true;
    }
    List<RpcPdu.Result> results = new ArrayList<>(b.contexts().size());
    for (RpcPdu.Context c : b.contexts()) {
      if (!c.abstractSyntax().equals(endpoint.syntax())) {
        results.add(new RpcPdu.Result(RpcPdu.RESULT_PROVIDER_REJECTION, RpcPdu.REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED,
            RpcPdu.Result.NONE));
      } else if (!c.transferSyntaxes().contains(SyntaxId.NDR)) {
        // NDR64 and the bind-time feature negotiation pseudo-syntax are refused like any other syntax, so
        // clients use NDR ([MS-RPCE] 3.3.1.5.3).
        results.add(new RpcPdu.Result(RpcPdu.RESULT_PROVIDER_REJECTION,
            RpcPdu.REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED, RpcPdu.Result.NONE));
      } else {
        contexts.add(c.contextId());
        results.add(new RpcPdu.Result(RpcPdu.RESULT_ACCEPTANCE, 0, SyntaxId.NDR));
      }
    }
    emit(new RpcPdu.BindAck(b.callId(), b.alter(), maxXmit, maxRecv, assocGroupId,
        b.alter() ? "" : endpoint.secondaryAddress(), results).encode());
  }

  private void request(RpcPdu.Request r) {
    boolean first = (r.flags() & RpcPdu.PFC_FIRST_FRAG) != 0;
    boolean last = (r.flags() & RpcPdu.PFC_LAST_FRAG) != 0;
    if (first == (stub != null) || (!first && r.callId() != callId)) {
      breakPipe(r.callId(), new RpcDecodeException(RpcPdu.NCA_S_PROTO_ERROR, "REQUEST call_id " + r.callId()
          + (first ? ": a first fragment while call " + callId + " is incomplete" : ": not the first fragment of"
          + " a call") + " (expected: the fragments of one call in order)"));
      return;
    }
    if (first) {
      stub = new ByteArrayOutputStream();
      callId = r.callId();
      contextId = r.contextId();
      opnum = r.opnum();
    }
    ByteArrayOutputStream s = requireNonNull(stub);
    if (s.size() + r.stub().length() > MAX_REQUEST_STUB) {
      stub = null;
      emit(new RpcPdu.Fault(r.callId(), r.contextId(), RpcPdu.NCA_S_PROTO_ERROR, true).encode());
      log.info("rpc request call {} refused: stub over {} bytes", r.callId(), MAX_REQUEST_STUB);
      return;
    }
    s.writeBytes(r.stub().toArray());
    if (!last) {
      return;
    }
    stub = null;
    if (!bound || !contexts.contains(contextId)) {
      emit(new RpcPdu.Fault(callId, contextId, RpcPdu.NCA_S_UNKNOWN_IF, true).encode());
      return;
    }
    Bytes answer;
    try {
      answer = endpoint.call(opnum, Bytes.of(s.toByteArray()));
    } catch (RpcDecodeException e) {
      log.debug("rpc call {} opnum {} faulted: {}", callId, opnum, e.getMessage());
      emit(new RpcPdu.Fault(callId, contextId, e.faultStatus(), true).encode());
      return;
    }
    respond(answer);
  }

  /** Cuts the answer into fragments of at most max_xmit_frag, stub lengths a multiple of 8 but the last. */
  private void respond(Bytes answer) {
    byte[] all = answer.toArray();
    int per = (maxXmit - RpcPdu.Response.OVERHEAD) & ~7;
    int off = 0;
    do {
      int n = Math.min(per, all.length - off);
      int flags = (off == 0 ? RpcPdu.PFC_FIRST_FRAG : 0) | (off + n == all.length ? RpcPdu.PFC_LAST_FRAG : 0);
      emit(new RpcPdu.Response(callId, flags, all.length - off, contextId,
          Bytes.of(Arrays.copyOfRange(all, off, off + n))).encode());
      off += n;
    } while (off < all.length);
  }

  private void other(RpcPdu.Other o) {
    switch (o.header().type()) {
      case RpcPdu.ORPHANED -> {
        // [C706] 12.6.4.8: the client abandons the call being sent; its fragments are dropped.
        if (stub != null && o.callId() == callId) {
          stub = null;
        }
      }
      // [C706] 12.6.4.6: a cancel may be ignored; every call here runs to completion once reassembled.
      case RpcPdu.CO_CANCEL -> { }
      default -> breakPipe(o.callId(), new RpcDecodeException(RpcPdu.NCA_S_PROTO_ERROR, "PTYPE "
          + o.header().type() + " (expected: bind, alter_context, request, co_cancel or orphaned)"));
    }
  }

  private void breakPipe(int failedCall, RpcDecodeException e) {
    log.info("rpc pipe {} broken: {}", endpoint.secondaryAddress(), e.getMessage());
    emit(new RpcPdu.Fault(failedCall, 0, e.faultStatus(), true).encode());
    broken = true;
    stub = null;
  }

  private void emit(byte[] pdu) {
    output.add(pdu);
    queued += pdu.length;
    wake();
  }
}

package dev.estuary.bench.nfs.internal;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.CompoundCodec;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.AuthSysParms;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.codec.XdrException;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.codec.XdrReader;
import dev.estuary.nfs.internal.codec.XdrWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One NFSv4.1 client of the load generator: its own TCP connection, client id (EXCHANGE_ID), session
 * (CREATE_SESSION, one fore-channel slot, no back channel) and RECLAIM_COMPLETE, then COMPOUNDs of
 * SEQUENCE + operations, one at a time, over ONC RPC (RFC 5531) with AUTH_SYS. The same bytes go to
 * every server: the COMPOUNDs are encoded with the frontend's codec, and a WRITE's payload is sent
 * straight from the caller's buffer (no copy into the request). Not thread-safe:
 * one per worker thread.
 */
public final class NfsSession implements AutoCloseable {
  /** ONC RPC program and version of NFSv4, and its procedure COMPOUND (RFC 8881 §16.2). */
  private static final int PROGRAM = 100003;

  private static final int VERSION = 4;
  private static final int PROC_COMPOUND = 1;
  private static final int RPC_VERSION = 2;
  private static final int CALL = 0;
  private static final int REPLY = 1;
  private static final int MSG_ACCEPTED = 0;
  private static final int SUCCESS = 0;
  private static final int AUTH_NONE = 0;
  private static final int AUTH_SYS = 1;
  private static final int LAST_FRAGMENT = 0x8000_0000;

  /** csa_flags: neither persistent reply cache nor back channel (the client takes no delegations). */
  private static final int CREATE_SESSION_FLAGS = 0;

  /** The largest request and reply asked for: 1 MiB of data plus headers, as the Linux client asks. */
  private static final int MAX_REQUEST = 1049620;

  private static final int MAX_RESPONSE = 1049480;

  /** A reply's bounds: READ data up to 2 MiB, like the server's own decoder. */
  private static final XdrLimits LIMITS = XdrLimits.DEFAULT;

  /** How long a reply may take: a COMMIT of 4 GiB on a slow disk, with margin; a hung server fails the run. */
  private static final int REPLY_TIMEOUT_MS = 600_000;

  private static final byte[] PADDING = new byte[3];

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final byte[] credential;
  private final String name;
  private byte[] reply = new byte[64 * 1024];
  private int xid;
  private long clientId;
  private Bytes sessionId = Bytes.EMPTY;
  private int sequenceId;
  private int maxRequest;

  private NfsSession(Socket socket, String name, int uid, int gid) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
    this.out = new BufferedOutputStream(socket.getOutputStream(), 65536);
    this.name = name;
    XdrWriter body = new XdrWriter();
    new AuthSysParms(1, "nfs-bench", uid, gid, List.of()).encode(body);
    XdrWriter cred = new XdrWriter();
    cred.writeInt(AUTH_SYS);
    byte[] b = body.toByteArray();
    cred.writeOpaque(b, 0, b.length);
    this.credential = cred.toByteArray();
    this.xid = name.hashCode() & 0x7fff_0000;
  }

  /**
   * Connects, establishes a client id and a session, and sends RECLAIM_COMPLETE (RFC 8881 §18.51: a new
   * client sends it before its first non-reclaim OPEN).
   *
   * @param server the server's address
   * @param name the client's owner id (unique per client; also shown in errors)
   * @param uid AUTH_SYS uid
   * @param gid AUTH_SYS gid
   * @return the ready session
   * @throws IOException on a transport failure
   * @throws NfsCallException when the server refuses an operation
   */
  public static NfsSession open(InetSocketAddress server, String name, int uid, int gid) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(server, 10_000);
      socket.setSoTimeout(REPLY_TIMEOUT_MS);
      NfsSession s = new NfsSession(socket, name, uid, gid);
      s.establish();
      return s;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private void establish() throws IOException {
    // The verifier changes per process so that a new run is a new client instance (RFC 8881 §2.4).
    Bytes verifier = Bytes.of(longBytes(ProcessHandle.current().pid() ^ System.nanoTime()));
    NfsResult x = single(unsequenced(new NfsArgs.ExchangeId(
        new ClientOwner(verifier, Bytes.utf8(name)), 0, new StateProtectArgs.None(), null)));
    NfsResult.ExchangeIdOk ok = (NfsResult.ExchangeIdOk) body(x);
    clientId = ok.clientId();
    NfsResult cs = single(unsequenced(new NfsArgs.CreateSession(clientId, ok.sequenceId(), CREATE_SESSION_FLAGS,
        new ChannelAttrs(0, MAX_REQUEST, MAX_RESPONSE, 8192, 16, 1, null),
        new ChannelAttrs(0, 4096, 4096, 0, 2, 1, null), 0x40000000, List.of())));
    NfsResult.CreateSessionOk created = (NfsResult.CreateSessionOk) body(cs);
    sessionId = created.sessionId();
    maxRequest = created.foreChannel().maxRequestSize();
    compound(new NfsArgs.ReclaimComplete(false));
  }

  /** @return the client id the server gave */
  public long clientId() {
    return clientId;
  }

  /** @return the largest request the server accepts on this session (ca_maxrequestsize) */
  public int maxRequest() {
    return maxRequest;
  }

  /** @return an open owner of this client (RFC 8881 §18.16) */
  public StateOwner owner(String owner) {
    return new StateOwner(clientId, Bytes.utf8(owner));
  }

  /**
   * Sends SEQUENCE + {@code ops} and returns the results of {@code ops} (SEQUENCE's dropped).
   *
   * @throws NfsCallException when an operation fails
   */
  public List<NfsResult> compound(NfsArgs... ops) throws IOException {
    return check(send(encode(ops), null, 0, 0), ops);
  }

  /**
   * SEQUENCE + {@code ops}, whose last is a WRITE with empty data, with {@code data[off, off+len)} as that
   * WRITE's payload: the request is encoded without it, its length patched in, and the bytes sent from
   * {@code data} directly.
   */
  public List<NfsResult> compoundWithPayload(byte[] data, int off, int len, NfsArgs... ops) throws IOException {
    if (!(ops[ops.length - 1] instanceof NfsArgs.Write write) || write.data().length() != 0) {
      throw new IllegalArgumentException("ops: the last must be a WRITE with empty data (got: "
          + ops[ops.length - 1].op() + ")");
    }
    XdrWriter w = encode(ops);
    return check(send(w, data, off, len), ops);
  }

  private XdrWriter encode(NfsArgs... ops) {
    List<NfsArgs> all = new ArrayList<>(ops.length + 1);
    // One slot: sa_highest_slotid 0, and no reply caching needed (sa_cachethis false, as Linux for READ).
    all.add(new NfsArgs.Sequence(sessionId, ++sequenceId, 0, 0, false));
    all.addAll(List.of(ops));
    return request(CompoundArgs.of("", 1, all.toArray(NfsArgs[]::new)));
  }

  private CompoundRes unsequenced(NfsArgs op) throws IOException {
    return send(request(CompoundArgs.of("", 1, op)), null, 0, 0);
  }

  private XdrWriter request(CompoundArgs args) {
    XdrWriter w = new XdrWriter(512);
    w.writeInt(0); // the record mark, set in send()
    w.writeInt(++xid).writeInt(CALL).writeInt(RPC_VERSION).writeInt(PROGRAM).writeInt(VERSION).writeInt(PROC_COMPOUND);
    w.writeEncoded(credential);
    w.writeInt(AUTH_NONE).writeInt(0);
    CompoundCodec.encode(args, w);
    return w;
  }

  private CompoundRes send(XdrWriter w, byte @Nullable [] payload, int off, int len) throws IOException {
    byte[] head = w.toByteArray();
    int pad = (4 - (len & 3)) & 3;
    int recordLength = head.length - 4 + len + pad;
    putInt(head, 0, LAST_FRAGMENT | recordLength);
    if (payload != null) {
      // The WRITE's opaque length is the request's last word (encoded as 0 for the empty data).
      putInt(head, head.length - 4, len);
      // The header goes into the buffer, the payload (larger than the buffer) straight to the socket.
      out.write(head);
      out.write(payload, off, len);
      out.write(PADDING, 0, pad);
    } else {
      out.write(head);
    }
    out.flush();
    int n = readRecord();
    try {
      XdrReader r = new XdrReader(reply, 0, n, LIMITS);
      int gotXid = r.readInt("xid");
      if (gotXid != xid) {
        throw new IOException(name + ": reply xid " + gotXid + " (expected: " + xid + ")");
      }
      int type = r.readInt("msg_type");
      int stat = r.readInt("reply_stat");
      if (type != REPLY || stat != MSG_ACCEPTED) {
        throw new IOException(name + ": RPC reply type " + type + ", reply_stat " + stat
            + " (expected: REPLY, MSG_ACCEPTED)");
      }
      r.readInt("verf flavor");
      r.readOpaque(400, "verf body");
      int accept = r.readInt("accept_stat");
      if (accept != SUCCESS) {
        throw new IOException(name + ": RPC accept_stat " + accept + " (expected: SUCCESS)");
      }
      return CompoundCodec.decodeRes(r);
    } catch (XdrException e) {
      throw new IOException(name + ": undecodable reply: " + e.getMessage(), e);
    }
  }

  /** Reads one record (all its fragments) into {@link #reply}; returns its length. */
  private int readRecord() throws IOException {
    int total = 0;
    boolean last;
    do {
      int header = in.readInt();
      last = (header & LAST_FRAGMENT) != 0;
      int len = header & ~LAST_FRAGMENT;
      if (len > MAX_RESPONSE + 65536 || total + len > MAX_RESPONSE + 65536) {
        throw new IOException(name + ": reply record of " + (total + len) + " bytes (expected: at most "
            + (MAX_RESPONSE + 65536) + ")");
      }
      if (reply.length < total + len) {
        reply = java.util.Arrays.copyOf(reply, Math.max(total + len, reply.length * 2));
      }
      in.readFully(reply, total, len);
      total += len;
    } while (!last);
    return total;
  }

  private List<NfsResult> check(CompoundRes res, NfsArgs[] ops) throws NfsCallException {
    List<NfsResult> results = res.results();
    if (res.status() != NfsStatus.OK) {
      @Nullable NfsResult failed = results.isEmpty() ? null : results.getLast();
      throw new NfsCallException(name, failed == null ? "COMPOUND" : failed.op().toString(), res.status());
    }
    if (results.size() != ops.length + 1) {
      throw new NfsCallException(name, "COMPOUND of " + (ops.length + 1) + " operations answered "
          + results.size() + " results", NfsStatus.OK);
    }
    return results.subList(1, results.size());
  }

  private NfsResult single(CompoundRes res) throws NfsCallException {
    if (res.status() != NfsStatus.OK || res.results().size() != 1) {
      throw new NfsCallException(name, res.results().isEmpty() ? "COMPOUND" : res.results().getFirst().op().toString(),
          res.status());
    }
    return res.results().getFirst();
  }

  private static NfsResult.Body body(NfsResult r) {
    if (r.body() == null) {
      throw new IllegalStateException(r.op() + ": OK without a body");
    }
    return r.body();
  }

  /** Destroys the session and the client id (RFC 8881 §18.37, §18.50), then closes the connection. */
  @Override
  public void close() throws IOException {
    try {
      if (sessionId.length() > 0) {
        single(unsequenced(new NfsArgs.DestroySession(sessionId)));
        single(unsequenced(new NfsArgs.DestroyClientId(clientId)));
      }
    } finally {
      socket.close();
    }
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    putInt(b, 0, (int) (v >>> 32));
    putInt(b, 4, (int) v);
    return b;
  }

  @Override
  public String toString() {
    return name;
  }
}

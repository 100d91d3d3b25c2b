package dev.estuary.nfs.testing;

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
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.codec.XdrReader;
import dev.estuary.nfs.internal.codec.XdrWriter;
import dev.estuary.nfs.internal.rpc.RpcMessages;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A small NFSv4.1 client for the integration tests: ONC RPC over TCP with AUTH_SYS, a COMPOUND builder,
 * EXCHANGE_ID and CREATE_SESSION with the channel attributes the Linux client asks for, and SEQUENCE on
 * slot 0, minor version 1 or 2, and helpers for the data operations. {@link #sequenced} exposes the raw
 * request bytes so a test can retransmit one exactly.
 */
public final class NfsTestClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;
    private final RpcMessages.OpaqueAuth credential;
    private int xid = 0x1000;
    private long clientId;
    private Bytes sessionId = Bytes.EMPTY;
    private int sequenceId;
    private int minorVersion = 1;
    private boolean cacheThis = true;

    /** Connects as uid:gid. */
    public NfsTestClient(InetSocketAddress server, int uid, int gid) throws IOException {
        socket.connect(server, 10_000);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        XdrWriter body = new XdrWriter();
        new AuthSysParms(1, "nfs-test-client", uid, gid, List.of()).encode(body);
        credential = new RpcMessages.OpaqueAuth(RpcMessages.AUTH_SYS, Bytes.of(body.toByteArray()));
    }

    /** Sends the COMPOUNDs that follow at minor version {@code v} (1, or 2 for the RFC 7862 and 8276 operations). */
    public NfsTestClient minorVersion(int v) {
        minorVersion = v;
        return this;
    }

    /**
     * Sets SEQUENCE's sa_cachethis for later COMPOUNDs (default true). Linux sets it only for non-idempotent
     * requests: a 1 MiB READ reply is larger than any reply cache slot (NFS4ERR_REP_TOO_BIG_TO_CACHE).
     */
    public NfsTestClient cacheThis(boolean cache) {
        cacheThis = cache;
        return this;
    }

    /** @return the client id EXCHANGE_ID gave */
    public long clientId() {
        return clientId;
    }

    /** @return the session id */
    public Bytes sessionId() {
        return sessionId;
    }

    /**
     * EXCHANGE_ID, CREATE_SESSION (RFC 8881 §18.35, §18.36), both alone in their COMPOUND, then
     * RECLAIM_COMPLETE (§18.51) as the Linux client sends it before its first open.
     */
    public void establish(String owner) throws Exception {
        establishToReclaim(owner);
        CompoundRes rc = compound(new NfsArgs.ReclaimComplete(false));
        if (rc.status() != NfsStatus.OK) {
            throw new IllegalStateException("RECLAIM_COMPLETE failed: " + rc.status());
        }
    }

    /** EXCHANGE_ID then CREATE_SESSION, without RECLAIM_COMPLETE: a client that reclaims after a restart. */
    public void establishToReclaim(String owner) throws Exception {
        NfsResult x = single(call(new NfsArgs.ExchangeId(new ClientOwner(Bytes.utf8("verifier"), Bytes.utf8(owner)), 0,
                new StateProtectArgs.None(), null)));
        NfsResult.ExchangeIdOk ok = (NfsResult.ExchangeIdOk) x.body();
        clientId = ok.clientId();
        NfsResult cs = single(call(new NfsArgs.CreateSession(clientId, ok.sequenceId(), 0x3,
                new ChannelAttrs(0, 1049620, 1049480, 8192, 8, 64, null), new ChannelAttrs(0, 4096, 4096, 0, 2, 16, null),
                0x40000000, List.of())));
        sessionId = ((NfsResult.CreateSessionOk) cs.body()).sessionId();
    }

    private static NfsResult single(CompoundRes res) {
        if (res.status() != NfsStatus.OK) {
            throw new IllegalStateException("COMPOUND failed: " + res.status() + " " + res.results());
        }
        return res.results().getFirst();
    }

    /** A COMPOUND of exactly these operations (no SEQUENCE added). */
    public CompoundRes call(NfsArgs... ops) throws Exception {
        return exchange(request(CompoundArgs.of("test", minorVersion, ops)));
    }

    /** SEQUENCE (slot 0, the next sequence id, sa_cachethis as set) followed by {@code ops}. */
    public CompoundRes compound(NfsArgs... ops) throws Exception {
        return exchange(sequenced(ops));
    }

    /** The request bytes of SEQUENCE + {@code ops} with the next sequence id, not sent. */
    public byte[] sequenced(NfsArgs... ops) {
        List<NfsArgs> all = new ArrayList<>();
        all.add(new NfsArgs.Sequence(sessionId, ++sequenceId, 0, 0, cacheThis));
        all.addAll(List.of(ops));
        return request(CompoundArgs.of("test", minorVersion, all.toArray(NfsArgs[]::new)));
    }

    /** The request bytes of SEQUENCE with an explicit sequence id + {@code ops}. */
    public byte[] sequencedAs(int seqid, NfsArgs... ops) {
        List<NfsArgs> all = new ArrayList<>();
        all.add(new NfsArgs.Sequence(sessionId, seqid, 0, 0, true));
        all.addAll(List.of(ops));
        return request(CompoundArgs.of("test", minorVersion, all.toArray(NfsArgs[]::new)));
    }

    /**
     * The file handle of a path from the pseudo-root ({@code "alpha", "docs", "a.txt"}): PUTROOTFH, a LOOKUP
     * per component, GETFH, in one COMPOUND.
     */
    public Bytes fileHandle(String... path) throws Exception {
        List<NfsArgs> ops = new ArrayList<>();
        ops.add(new NfsArgs.PutRootFh());
        for (String p : path) {
            ops.add(new NfsArgs.Lookup(Bytes.utf8(p)));
        }
        ops.add(new NfsArgs.GetFh());
        CompoundRes res = compound(ops.toArray(NfsArgs[]::new));
        if (res.status() != NfsStatus.OK) {
            throw new IllegalStateException("walk to " + String.join("/", path) + ": " + res.status());
        }
        return ((NfsResult.GetFhOk) res.results().getLast().body()).object();
    }

    /** An RPC CALL record (with its record mark) of COMPOUND {@code args}. */
    public byte[] request(CompoundArgs args) {
        XdrWriter w = new XdrWriter();
        new RpcMessages.CallHeader(++xid, RpcMessages.RPC_VERSION, 100003, 4, 1, credential,
                RpcMessages.OpaqueAuth.NONE).encode(w);
        CompoundCodec.encode(args, w);
        byte[] msg = w.toByteArray();
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        int header = RpcMessages.LAST_FRAGMENT | msg.length;
        framed.write(header >>> 24);
        framed.write(header >>> 16);
        framed.write(header >>> 8);
        framed.write(header);
        framed.write(msg, 0, msg.length);
        return framed.toByteArray();
    }

    /** Sends request bytes (a retransmission sends the same ones again) and decodes the COMPOUND reply. */
    public CompoundRes exchange(byte[] request) throws Exception {
        out.write(request);
        out.flush();
        RpcMessages.Reply reply = RpcMessages.decodeReply(readRecord());
        if (reply.replyStat() != RpcMessages.MSG_ACCEPTED || reply.stat() != RpcMessages.SUCCESS) {
            throw new IllegalStateException("RPC reply: stat " + reply.replyStat() + "/" + reply.stat());
        }
        byte[] body = reply.body().toArray();
        XdrReader r = new XdrReader(body, XdrLimits.DEFAULT);
        CompoundRes res = CompoundCodec.decodeRes(r);
        r.expectEnd("COMPOUND4res");
        return res;
    }

    private byte[] readRecord() throws IOException {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        int header;
        do {
            header = in.readInt();
            byte[] frag = new byte[header & RpcMessages.FRAGMENT_LENGTH];
            in.readFully(frag);
            msg.write(frag, 0, frag.length);
        } while ((header & RpcMessages.LAST_FRAGMENT) == 0);
        return msg.toByteArray();
    }

    /**
     * SEQUENCE + {@code ops}, expecting every result OK.
     *
     * @throws IllegalStateException naming the failed operation and its status otherwise
     */
    public CompoundRes ok(NfsArgs... ops) throws Exception {
        CompoundRes res = compound(ops);
        if (res.status() != NfsStatus.OK) {
            throw new IllegalStateException("COMPOUND failed: " + res.status() + " at "
                    + res.results().getLast().op() + " " + res.results());
        }
        return res;
    }

    /** WRITE with the anonymous stateid; returns WRITE's result. */
    public NfsResult.WriteOk write(Bytes fh, long offset, int stable, byte[] data) throws Exception {
        CompoundRes res = ok(new NfsArgs.PutFh(fh), new NfsArgs.Write(Stateid.ANONYMOUS, offset, stable, Bytes.of(data)));
        return (NfsResult.WriteOk) res.results().getLast().body();
    }

    /** READ with the anonymous stateid; returns READ's result. */
    public NfsResult.ReadOk read(Bytes fh, long offset, int count) throws Exception {
        CompoundRes res = ok(new NfsArgs.PutFh(fh), new NfsArgs.Read(Stateid.ANONYMOUS, offset, count));
        return (NfsResult.ReadOk) res.results().getLast().body();
    }

    /** COMMIT of the whole file; returns the verifier. */
    public Bytes commit(Bytes fh) throws Exception {
        CompoundRes res = ok(new NfsArgs.PutFh(fh), new NfsArgs.Commit(0, 0));
        return ((NfsResult.CommitOk) res.results().getLast().body()).writeVerifier();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

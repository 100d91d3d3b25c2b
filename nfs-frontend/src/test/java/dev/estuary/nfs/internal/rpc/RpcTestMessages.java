package dev.estuary.nfs.internal.rpc;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.CompoundCodec;
import dev.estuary.nfs.internal.codec.Types.AuthSysParms;
import dev.estuary.nfs.internal.codec.XdrWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Calls built byte by byte from RFC 5531 §9, for tests that must send what no client library would. */
final class RpcTestMessages {
    static final int NFS = 100003;

    private RpcTestMessages() {
    }

    static RpcMessages.OpaqueAuth authSys(int uid, int gid, List<Integer> gids) {
        XdrWriter body = new XdrWriter();
        new AuthSysParms(1, "client", uid, gid, gids).encode(body);
        return new RpcMessages.OpaqueAuth(RpcMessages.AUTH_SYS, Bytes.of(body.toByteArray()));
    }

    /** authsys_parms with {@code n} groups, bypassing the record's own check (to send 17). */
    static RpcMessages.OpaqueAuth authSysWithGroups(int n) {
        XdrWriter body = new XdrWriter().writeInt(1).writeString("client").writeInt(0).writeInt(0).writeInt(n);
        for (int i = 0; i < n; i++) {
            body.writeInt(i);
        }
        return new RpcMessages.OpaqueAuth(RpcMessages.AUTH_SYS, Bytes.of(body.toByteArray()));
    }

    static byte[] call(int xid, int prog, int vers, int proc, RpcMessages.OpaqueAuth cred, byte[] args) {
        XdrWriter out = new XdrWriter();
        new RpcMessages.CallHeader(xid, RpcMessages.RPC_VERSION, prog, vers, proc, cred, RpcMessages.OpaqueAuth.NONE)
                .encode(out);
        out.writeEncoded(args);
        return out.toByteArray();
    }

    static byte[] compound(int xid, RpcMessages.OpaqueAuth cred, CompoundArgs args) {
        XdrWriter a = new XdrWriter();
        CompoundCodec.encode(args, a);
        return call(xid, NFS, 4, 1, cred, a.toByteArray());
    }

    /** Frames {@code message} as record-marking fragments of at most {@code fragment} bytes. */
    static byte[] fragments(byte[] message, int fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int off = 0;
        do {
            int len = Math.min(fragment, message.length - off);
            boolean last = off + len == message.length;
            int header = (last ? RpcMessages.LAST_FRAGMENT : 0) | len;
            out.write(header >>> 24);
            out.write(header >>> 16);
            out.write(header >>> 8);
            out.write(header);
            out.write(message, off, len);
            off += len;
        } while (off < message.length);
        return out.toByteArray();
    }
}

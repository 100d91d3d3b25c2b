package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.GAMMA;

import dev.estuary.core.NfsSquash;
import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.rpc.RpcCredential;
import java.util.List;
import java.util.function.Consumer;

/** What the tests of the namespace-changing handlers share. */
final class Mutating {
    /** The anonymous stateid (RFC 8881 §8.2.3). */
    static final Stateid ANONYMOUS = new Stateid(0, Bytes.of(new byte[12]));
    /** uid 2000, gid 2000: another user than the harness's. */
    static final RpcCredential OTHER = new RpcCredential.Sys(2000, 2000, List.of());

    private Mutating() {
    }

    /** @return an fattr4 built by {@code values} */
    static Fattr4 attrs(Consumer<FileAttrs.Builder> values) {
        FileAttrs.Builder b = FileAttrs.builder();
        values.accept(b);
        return b.build().encode();
    }

    /** @return a context for uid 1000 at {@code id} of {@code gamma}, exported read-only to loopback */
    static OpContext readOnly(Harness h, ObjectId id) {
        h.f.exportToLoopback(GAMMA, false, NfsSquash.ROOT_SQUASH);
        return h.ctxAt(GAMMA, id);
    }

    /** @return a context for {@code cred} at {@code id} of {@code volume} */
    static OpContext as(Harness h, RpcCredential cred, String volume, ObjectId id) {
        OpContext c = h.ctx(cred, "127.0.0.1");
        c.setCurrent(h.ref(volume, id));
        return c;
    }

    /** @return root on {@code volume}, exported to loopback without root squashing */
    static OpContext root(Harness h, String volume, ObjectId id) {
        h.f.exportToLoopback(volume, true, NfsSquash.NO_ROOT_SQUASH);
        return as(h, Harness.ROOT, volume, id);
    }

    /** Every mutating operation, with arguments that would succeed on a writable export. */
    static List<NfsArgs> everyMutation() {
        return List.of(
                new NfsArgs.Create(new NfsArgs.CreateType(2, null, null), Bytes.utf8("d"),
                        Fattr4.EMPTY),
                new NfsArgs.Remove(Bytes.utf8("f")),
                new NfsArgs.Rename(Bytes.utf8("f"),
                        Bytes.utf8("g")),
                new NfsArgs.Link(Bytes.utf8("l")),
                new NfsArgs.SetAttr(ANONYMOUS, attrs(b -> b.set(FileAttr.MODE, 0700))),
                new NfsArgs.SetXattr(SetXattrOp.EITHER, Bytes.utf8("k"),
                        Bytes.utf8("v")),
                new NfsArgs.RemoveXattr(Bytes.utf8("k")));
    }
}

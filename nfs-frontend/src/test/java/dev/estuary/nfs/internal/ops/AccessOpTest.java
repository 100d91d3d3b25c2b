package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.AccessOp.DELETE;
import static dev.estuary.nfs.internal.ops.AccessOp.EXECUTE;
import static dev.estuary.nfs.internal.ops.AccessOp.EXTEND;
import static dev.estuary.nfs.internal.ops.AccessOp.LOOKUP;
import static dev.estuary.nfs.internal.ops.AccessOp.MODIFY;
import static dev.estuary.nfs.internal.ops.AccessOp.READ;
import static dev.estuary.nfs.internal.ops.AccessOp.XALIST;
import static dev.estuary.nfs.internal.ops.AccessOp.XAREAD;
import static dev.estuary.nfs.internal.ops.AccessOp.XAWRITE;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ClientRange;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import org.junit.jupiter.api.Test;

class AccessOpTest extends HandlerTest {
    static final int ALL = READ | LOOKUP | MODIFY | EXTEND | DELETE | EXECUTE;

    NfsResult.AccessOk access(OpContext c, int asked) {
        return (NfsResult.AccessOk) h.ok(c, new NfsArgs.Access(asked)).body();
    }

    @Test
    void modeBitsOfTheCallersIds() {
        Attributes own = h.f.file(ALPHA, h.root(ALPHA), "own", 0640, 1000, 1000, new byte[0]);
        Attributes other = h.f.file(ALPHA, h.root(ALPHA), "other", 0604, 2000, 2000, new byte[0]);
        Attributes exec = h.f.file(ALPHA, h.root(ALPHA), "exec", 0755, 2000, 2000, new byte[0]);
        assertThat(access(h.ctxAt(ALPHA, own.id()), ALL).access()).isEqualTo(READ | MODIFY | EXTEND);
        assertThat(access(h.ctxAt(ALPHA, other.id()), ALL).access()).isEqualTo(READ);
        assertThat(access(h.ctxAt(ALPHA, exec.id()), ALL).access()).isEqualTo(READ | EXECUTE);
        // The volume root is 0775 in the volume's group, which every caller the export admits counts in.
        assertThat(access(h.at(ALPHA), ALL).access()).isEqualTo(ALL);
        assertThat(access(h.at(ALPHA), READ | 0x400).supported()).isEqualTo(READ);
    }

    @Test
    void xattrBitsAtMinorVersionTwoOnly() {
        Attributes own = h.f.file(ALPHA, h.root(ALPHA), "own", 0640, 1000, 1000, new byte[0]);
        Attributes readable = h.f.file(ALPHA, h.root(ALPHA), "readable", 0644, 2000, 2000, new byte[0]);
        Attributes hidden = h.f.file(ALPHA, h.root(ALPHA), "hidden", 0600, 2000, 2000, new byte[0]);
        int xa = XAREAD | XAWRITE | XALIST;
        assertThat(access(h.ctxAt(ALPHA, own.id()), xa).access()).isEqualTo(xa);
        assertThat(access(h.ctxAt(ALPHA, readable.id()), xa).access()).isEqualTo(XAREAD | XALIST);
        assertThat(access(h.ctxAt(ALPHA, hidden.id()), xa).access()).isEqualTo(XALIST);
        OpContext v1 = new OpContext(h.services, h.ctx().call(), 1);
        v1.setCurrent(h.ref(ALPHA, own.id()));
        NfsResult.AccessOk ok = access(v1, READ | xa);
        assertThat(ok.supported()).isEqualTo(READ);
        assertThat(ok.access()).isEqualTo(READ);
    }

    @Test
    void readOnlyExportGrantsNoChange() {
        h.f.users.putNfsExport(ALPHA, new NfsExportRule(ClientRange.parse("127.0.0.0/8"), false,
                NfsSquash.ROOT_SQUASH, 65534, 65534));
        Attributes own = h.f.file(ALPHA, h.root(ALPHA), "own", 0644, 1000, 1000, new byte[0]);
        assertThat(access(h.ctxAt(ALPHA, own.id()), ALL).access()).isEqualTo(READ);
        assertThat(access(h.at(ALPHA), ALL).access()).isEqualTo(READ | LOOKUP | EXECUTE);
    }

    @Test
    void thePseudoRootIsReadOnly() {
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        assertThat(access(c, ALL).access()).isEqualTo(READ | LOOKUP | EXECUTE);
    }
}

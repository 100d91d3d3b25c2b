package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import dev.estuary.nfs.internal.state.SequenceOutcome;
import dev.estuary.nfs.testing.EngineFixture;

/** Clients with a session, OPEN arguments as the Linux client sends them, and stateids out of results. */
final class StateFixture {
    static final int READ = 1;
    static final int WRITE = 2;
    static final int BOTH = 3;

    private StateFixture() {
    }

    /**
     * EXCHANGE_ID + CREATE_SESSION + SEQUENCE + RECLAIM_COMPLETE, as the Linux client starts: the session a
     * COMPOUND of this client runs in, ready for new opens and locks.
     */
    static Session session(Harness h, String owner) {
        Session s = reclaiming(h, owner);
        OpContext c = h.ctx();
        c.setSession(s);
        h.ok(c, new NfsArgs.ReclaimComplete(false));
        return s;
    }

    /** EXCHANGE_ID + CREATE_SESSION + SEQUENCE, without RECLAIM_COMPLETE: a client that may still reclaim. */
    static Session reclaiming(Harness h, String owner) {
        Bytes sid = SessionOpsFixture.session(h, owner);
        SequenceOutcome o = h.services.clients().sequence(new NfsArgs.Sequence(sid, 1, 0, 0, false), 0, 2, 100);
        SequenceOutcome.Proceed p = (SequenceOutcome.Proceed) o;
        h.services.clients().finish(p, null);
        return p.session();
    }

    /** A COMPOUND's context of {@code s} with the current file handle at {@code id} of alpha. */
    static OpContext at(Harness h, Session s, ObjectId id) {
        OpContext c = h.ctx();
        c.setSession(s);
        c.setCurrent(h.ref(EngineFixture.ALPHA, id));
        return c;
    }

    static Fattr4 mode(int mode) {
        return FileAttrs.builder().set(FileAttr.MODE, mode).build().encode();
    }

    /** OPEN of {@code name} in the current directory, creating it UNCHECKED4 with mode 0644. */
    static NfsArgs.Open create(String owner, String name, int access, int deny) {
        return new NfsArgs.Open(0, access, deny, new StateOwner(0, Bytes.utf8(owner)),
                new NfsArgs.CreateHow.Unchecked(mode(0644)), new NfsArgs.OpenClaim.Null(Bytes.utf8(name)));
    }

    /** OPEN of the current file (CLAIM_FH). */
    static NfsArgs.Open openFh(String owner, int access, int deny) {
        return new NfsArgs.Open(0, access, deny, new StateOwner(0, Bytes.utf8(owner)), null, new NfsArgs.OpenClaim.Fh());
    }

    static NfsResult.OpenOk openOk(NfsResult r) {
        assertThat(r.status()).isEqualTo(NfsStatus.OK);
        return (NfsResult.OpenOk) r.body();
    }

    static Stateid stateid(NfsResult r) {
        assertThat(r.status()).as("%s", r).isEqualTo(NfsStatus.OK);
        return r.body() instanceof NfsResult.OpenOk o ? o.stateid() : ((NfsResult.StateidOk) r.body()).stateid();
    }

    /** LOCK by a new lock-owner through an open. */
    static NfsArgs.Lock lockNew(int type, long offset, long length, Stateid open, String lockOwner) {
        return new NfsArgs.Lock(type, false, offset, length, new NfsArgs.Locker.NewOwner(0, open, 0,
                new StateOwner(0, Bytes.utf8(lockOwner))));
    }

    /** LOCK with a lock stateid. */
    static NfsArgs.Lock lockMore(int type, long offset, long length, Stateid lock) {
        return new NfsArgs.Lock(type, false, offset, length, new NfsArgs.Locker.ExistingOwner(lock, 0));
    }

    static Stateid withSeqid(Stateid s, int seqid) {
        return new Stateid(seqid, s.other());
    }

    static Bitmap bits(int... n) {
        return Bitmap.of(n);
    }
}

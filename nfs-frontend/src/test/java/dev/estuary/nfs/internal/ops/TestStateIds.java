package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ForwardingFileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link StateIds} double for the data operations' unit tests: it has "issued" one regular stateid per
 * file the test registered, granted through a handle the test opened and owns (as an open's handle, which
 * the operation must not close); every other stateid goes to the special-stateid rules of RFC 8881 §8.2.3
 * ({@link SpecialStateids}: the anonymous and READ bypass stateids open the file for the one operation,
 * anything else is NFS4ERR_BAD_STATEID). Each check is recorded, so a test sees what the handler asked for.
 */
final class TestStateIds implements StateIds {
    record Check(Stateid stateid, ObjectId file, IoKind kind, long offset, long length) {
    }

    /** A handle that counts sync and syncData calls and whether it was closed. */
    static final class CountingHandle extends ForwardingFileHandle {
        final AtomicInteger syncs = new AtomicInteger();
        final AtomicInteger dataSyncs = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        CountingHandle(FileHandle delegate) {
            super(delegate);
        }

        @Override
        public void sync() {
            syncs.incrementAndGet();
            super.sync();
        }

        @Override
        public void syncData() {
            dataSyncs.incrementAndGet();
            super.syncData();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            super.close();
        }
    }

    final List<Check> checks = new ArrayList<>();
    private final Map<Stateid, FileHandle> issued = new HashMap<>();
    private int next = 1;

    /** @return a new regular stateid granting I/O on {@code handle}'s file through it */
    Stateid issue(FileHandle handle) {
        byte[] other = new byte[12];
        other[0] = 0x55;
        other[11] = (byte) next++;
        Stateid s = new Stateid(1, Bytes.of(other));
        issued.put(s, handle);
        return s;
    }

    @Override
    public IoAccess checkIo(OpContext ctx, Stateid stateid, FileRef.InVolume file, IoKind kind, long offset,
            long length) throws NfsException {
        checks.add(new Check(stateid, file.id(), kind, offset, length));
        FileHandle h = issued.get(stateid);
        if (h != null && h.id().equals(file.id())) {
            return new IoAccess(h, false);
        }
        Stateid s = SpecialStateids.resolveCurrent(ctx, stateid);
        return switch (SpecialStateids.kind(s)) {
            case ANONYMOUS, READ_BYPASS -> SpecialStateids.openForOneOperation(ctx, file, kind);
            case CURRENT, INVALID_SPECIAL, REGULAR -> throw new NfsException(NfsStatus.BAD_STATEID, "stateid: "
                    + s.other() + " (expected: one this double issued, or the anonymous or READ bypass stateid)");
        };
    }

    /** @return services like {@code base}'s with these stateids */
    NfsServices services(NfsServices base) {
        return new NfsServices(base.clients(), base.exports(), base.xdrLimits(), this, base.writeVerifier(),
                base.state());
    }
}

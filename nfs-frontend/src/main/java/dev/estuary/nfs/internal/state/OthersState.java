package dev.estuary.nfs.internal.state;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.NfsStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What others hold on a file, asked without holding anything: I/O with the special stateids (§8.2.3,
 * §9.1.4) and delegation wishes (§10.4) are checked against every share reservation and byte-range lock in
 * the backend, of every protocol, through one server-wide backend session per volume (a reservation that
 * asks or denies, released at once; {@link LockSession#testIo}). Thread-safe.
 */
public final class OthersState implements AutoCloseable {
    private static final String ANONYMOUS_OWNER = "anonymous";

    private final Grace grace;
    /** Per volume, the session that asks. */
    private final Map<String, LockSession> sessions = new HashMap<>();

    OthersState(Grace grace) {
        this.grace = grace;
    }

    private LockSession session(Volume volume) {
        synchronized (sessions) {
            LockSession s = sessions.get(volume.name());
            if (s == null || !s.isOpen()) {
                s = volume.openSession("nfs special stateids");
                sessions.put(volume.name(), s);
            }
            return s;
        }
    }

    /**
     * Checks I/O with the anonymous or READ bypass stateid: a share reservation that denies the access and a
     * byte-range lock of any owner that forbids it are NFS4ERR_LOCKED; during grace it is NFS4ERR_GRACE, as it
     * could conflict with state still to be reclaimed.
     */
    public void checkSpecial(FileKey file, Volume volume, boolean write, ByteRange range) throws StateException {
        if (grace.inGrace()) {
            throw new StateException(NfsStatus.GRACE, "I/O with a special stateid during the grace period");
        }
        LockSession s = session(volume);
        Set<ShareAccess> access = Share.set(write ? Share.WRITE : Share.READ);
        try (ShareReservation r = s.reserve(file.id(), access, Set.of())) {
            r.access();
        } catch (DfsException e) {
            if (e.kind() == ErrorKind.SHARING_VIOLATION) {
                throw new StateException(NfsStatus.LOCKED, "file " + file + ": a share reservation denies "
                        + access + " (expected: none, for I/O with a special stateid)");
            }
            throw e;
        }
        Optional<LockInfo> lock = s.testIo(file.id(), ANONYMOUS_OWNER, LockStyle.POSIX, write, range);
        if (lock.isPresent()) {
            throw new StateException(NfsStatus.LOCKED, "file " + file + ": locked " + lock.get().range() + " by "
                    + lock.get().sessionDescription() + " (expected: no lock forbidding I/O with a special stateid)");
        }
    }

    /**
     * Whether anyone has {@code file} open in a way a delegation would conflict with: for a read delegation
     * an open with write access, for a write delegation any open. Asked with a reservation that asks nothing
     * and denies that access, released at once.
     */
    public boolean contended(FileKey file, Volume volume, boolean write) {
        Set<ShareAccess> deny = Share.set(write ? Share.BOTH : Share.WRITE);
        try (ShareReservation r = session(volume).reserve(file.id(), Set.of(), deny)) {
            return r.deny().isEmpty();
        } catch (DfsException e) {
            if (e.kind() == ErrorKind.SHARING_VIOLATION) {
                return true;
            }
            throw e;
        }
    }

    /** Closes the sessions (at server stop). */
    @Override
    public void close() {
        synchronized (sessions) {
            sessions.values().forEach(LockSession::close);
            sessions.clear();
        }
    }
}

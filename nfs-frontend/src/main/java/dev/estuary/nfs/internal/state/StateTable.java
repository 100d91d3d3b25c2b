package dev.estuary.nfs.internal.state;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types;
import dev.estuary.nfs.internal.codec.Types.LockDenied;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opens and byte-range lock states of every client (RFC 8881 §8, §9) and the stateids that name them.
 *
 * <p><b>Stateids.</b> {@code other} is this server instance's epoch (4 bytes, drawn at start, never all
 * zeros or all ones so it never looks like a special stateid) and a counter (8 bytes): a stateid of an
 * earlier instance is NFS4ERR_STALE_STATEID, one this instance never issued, already closed or freed, of
 * another client, or of another file than the current one NFS4ERR_BAD_STATEID. The seqid starts at 1 and
 * moves with every change; a smaller one is NFS4ERR_OLD_STATEID, a larger NFS4ERR_BAD_STATEID, and 0 means
 * "the current one" (§8.2.2).
 *
 * <p><b>Shared state.</b> Share reservations and locks live in the backend ({@link LockSession#reserve},
 * {@link LockSession#tryLock}): one backend session per client and volume, so SMB users and other NFS
 * clients conflict with them, and closing the session (when the client goes) releases them all. Lock-owner
 * keys in the backend are {@code "o"} and the lock-owner bytes in hex.
 *
 * <p><b>Concurrency.</b> Each client's state has its own monitor; the stateid index is concurrent. The
 * {@link ClientTable} calls {@link #dropState} with its own lock held, so nothing here calls the client
 * table. Thread-safe.
 */
public final class StateTable implements ClientStateHook, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateTable.class);
    /** The invalid special stateid (§8.2.3): what CLOSE returns, the open being gone. */
    public static final Stateid INVALID = new Stateid(-1, Bytes.of(new byte[Types.OTHER_SIZE]));
    /** NFS4_OPAQUE_LIMIT: the longest owner in a LOCK4denied. */
    private static final int OPAQUE_LIMIT = 1024;

    private final Grace grace;
    private final int epoch;
    private final AtomicLong counter = new AtomicLong();
    private final Map<Long, State> states = new ConcurrentHashMap<>();
    private final Map<Long, ClientState> clients = new ConcurrentHashMap<>();
    /** Backend session id → the client holding it, to name the owner in LOCK4denied. */
    private final Map<Long, ClientState> bySession = new ConcurrentHashMap<>();
    private final OthersState others;

    /** What OPEN got: the open's stateid and the handle its I/O goes through. */
    public record OpenGrant(Stateid stateid, FileHandle handle) {
    }

    /**
     * What LOCK got: the lock stateid, or the conflicting lock.
     *
     * @param stateid the lock stateid when granted, else null
     * @param denied the conflicting lock when denied, else null
     */
    public record LockOutcome(@Nullable Stateid stateid, @Nullable LockDenied denied) {
    }

    /**
     * @param grace the grace period and the stable record of clients
     * @param random draws this instance's epoch
     */
    public StateTable(Grace grace, RandomGenerator random) {
        this.grace = grace;
        this.others = new OthersState(grace);
        int e;
        do {
            e = random.nextInt();
        } while (e == 0 || e == -1);
        this.epoch = e;
    }

    /** @return the grace period */
    public Grace grace() {
        return grace;
    }

    /** @return the checks of what others hold, for I/O with special stateids and delegation wishes */
    public OthersState others() {
        return others;
    }

    // ---- the client table's questions ----

    @Override
    public boolean holdsState(NfsClient client) {
        ClientState cs = clients.get(client.id());
        if (cs == null) {
            return false;
        }
        synchronized (cs) {
            return !cs.isEmpty();
        }
    }

    @Override
    public void dropState(NfsClient client) {
        release(client, true);
    }

    private void release(NfsClient client, boolean forget) {
        ClientState cs = clients.remove(client.id());
        if (cs != null) {
            synchronized (cs) {
                cs.dropped = true;
                for (OpenState o : List.copyOf(cs.opens.values())) {
                    releaseOpen(cs, o);
                }
                for (LockSession s : cs.sessions.values()) {
                    bySession.remove(s.id());
                    s.close();
                }
                cs.sessions.clear();
            }
        }
        // Only a client that held state is in the record: an unconfirmed record of the same owner going
        // away must not take the confirmed one's entry with it.
        if (forget && cs != null) {
            grace.forget(client.ownerId());
        }
    }

    // ---- stateids ----

    private Stateid stateid(State s) {
        ByteBuffer b = ByteBuffer.allocate(12).putInt(epoch).putLong(s.key);
        return new Stateid(s.seqid, Bytes.of(b.array()));
    }

    /** Finds the state {@code sid} names for {@code client}, without the seqid check (done under the lock). */
    private State resolve(NfsClient client, Stateid sid) throws StateException {
        ByteBuffer b = ByteBuffer.wrap(sid.other().toArray());
        int e = b.getInt();
        long key = b.getLong();
        if (e != epoch) {
            if (e == 0 || e == -1) {
                throw new StateException(NfsStatus.BAD_STATEID, "stateid: " + sid.other()
                        + " (expected: a stateid this server issued, not a special one)");
            }
            throw new StateException(NfsStatus.STALE_STATEID, "stateid: " + sid.other() + " of server instance "
                    + Integer.toHexString(e) + " (expected: instance " + Integer.toHexString(epoch) + ")");
        }
        State s = states.get(key);
        if (s == null || s.client.client != client) {
            throw new StateException(NfsStatus.BAD_STATEID, "stateid: " + sid.other()
                    + " (expected: a stateid this client holds)");
        }
        return s;
    }

    /** Checks, under the client's lock, that the state is live and the seqid is the current one (§8.2.2). */
    private static void check(State s, Stateid sid) throws StateException {
        if (s.gone) {
            throw new StateException(NfsStatus.BAD_STATEID, "stateid: " + sid.other() + " (expected: a stateid"
                    + " not closed or freed)");
        }
        if (sid.seqid() == 0 || sid.seqid() == s.seqid) {
            return;
        }
        NfsStatus st = Integer.compareUnsigned(sid.seqid(), s.seqid) < 0 ? NfsStatus.OLD_STATEID
                : NfsStatus.BAD_STATEID;
        throw new StateException(st, "stateid seqid: " + Integer.toUnsignedString(sid.seqid()) + " (expected: "
                + Integer.toUnsignedString(s.seqid) + " or 0)");
    }

    private static <T extends State> T as(State s, Class<T> type, Stateid sid, @Nullable FileKey file)
            throws StateException {
        if (!type.isInstance(s)) {
            throw new StateException(NfsStatus.BAD_STATEID, "stateid: " + sid.other() + " names "
                    + (s instanceof OpenState ? "an open" : "a lock state") + " (expected: "
                    + (type == OpenState.class ? "an open" : "a lock state") + ")");
        }
        if (file != null) {
            requireFile(s, sid, file);
        }
        return type.cast(s);
    }

    /** A stateid is for one file: with another current file it is NFS4ERR_BAD_STATEID. */
    private static void requireFile(State s, Stateid sid, FileKey file) throws StateException {
        if (!s.file.equals(file)) {
            throw new StateException(NfsStatus.BAD_STATEID, "stateid: " + sid.other() + " is for " + s.file
                    + " (expected: the current file " + file + ")");
        }
    }

    /**
     * TEST_STATEID (§18.48): the status the stateid has for {@code client}.
     *
     * @return OK, or NFS4ERR_BAD_STATEID / OLD_STATEID / STALE_STATEID
     */
    public NfsStatus test(NfsClient client, Stateid sid) {
        try {
            State s = resolve(client, sid);
            synchronized (s.client) {
                check(s, sid);
            }
            return NfsStatus.OK;
        } catch (StateException e) {
            return e.status();
        }
    }

    /**
     * The handle I/O with {@code sid} goes through (READ, WRITE, ...): an open's, or the open's of a lock
     * stateid. A write needs an open with write access; a read a handle that can read, which a write-only
     * open has when its owner may read the file (clients read around partial page writes, as knfsd allows).
     *
     * @throws StateException BAD/OLD/STALE_STATEID, NFS4ERR_OPENMODE
     */
    public FileHandle io(NfsClient client, Stateid sid, FileKey file, boolean write) throws StateException {
        State s = resolve(client, sid);
        synchronized (s.client) {
            check(s, sid);
            requireFile(s, sid, file);
            OpenState o = s instanceof LockState l ? l.open : (OpenState) s;
            if (write ? (o.access & Share.WRITE) == 0 : !o.handle.mode().canRead()) {
                throw new StateException(NfsStatus.OPENMODE, "stateid: " + sid.other() + " of an open with share"
                        + " access " + o.access + " (expected: " + (write ? "write" : "read") + " access)");
            }
            return o.handle;
        }
    }

    // ---- opens ----

    private ClientState clientState(NfsClient client) throws StateException {
        ClientState cs = clients.computeIfAbsent(client.id(), id -> new ClientState(client));
        if (client.removed()) {
            clients.remove(client.id(), cs);
            throw new StateException(NfsStatus.EXPIRED, "client " + Long.toHexString(client.id())
                    + ": its record is gone (expected: a live client)");
        }
        return cs;
    }

    private static void requireLive(ClientState cs) throws StateException {
        if (cs.dropped || cs.client.removed()) {
            throw new StateException(NfsStatus.EXPIRED, "client " + Long.toHexString(cs.client.id())
                    + ": its record is gone (expected: a live client)");
        }
    }

    private LockSession session(ClientState cs, Volume volume) {
        LockSession s = cs.sessions.get(volume.name());
        if (s == null || !s.isOpen()) {
            if (s != null) {
                bySession.remove(s.id());
            }
            s = volume.openSession("nfs client " + Long.toHexString(cs.client.id()));
            cs.sessions.put(volume.name(), s);
            bySession.put(s.id(), cs);
        }
        return s;
    }

    private void record(NfsClient client) throws StateException {
        try {
            grace.record(client.ownerId());
        } catch (UncheckedIOException e) {
            LOG.warn("{}", e.getMessage());
            throw new StateException(NfsStatus.IO, e.getMessage());
        }
    }

    /**
     * Opens {@code file} for an open-owner once OPEN found or created it (§18.16.3, §9.7): reserves the share
     * access and deny in the backend and opens the handle; a second OPEN of the same owner and file adds to
     * the first (one stateid, its seqid moved). The client is put in the stable record first.
     *
     * @param opener opens the backend handle for a share access (1, 2 or 3), through the caller's checked
     *     view (so it checks the permission)
     * @throws StateException NFS4ERR_EXPIRED for a client whose record went meanwhile, NFS4ERR_IO when the
     *     stable record cannot be written
     * @throws DfsException SHARING_VIOLATION (NFS4ERR_SHARE_DENIED) on a conflicting reservation, what
     *     {@code opener} throws (the reservation is then released)
     */
    public OpenGrant open(NfsClient client, Bytes owner, FileKey file, Volume volume, int access, int deny,
            IntFunction<FileHandle> opener) throws StateException {
        record(client);
        ClientState cs = clientState(client);
        synchronized (cs) {
            requireLive(cs);
            ClientState.OwnerFile k = new ClientState.OwnerFile(owner, file);
            OpenState o = cs.opens.get(k);
            if (o != null) {
                int a = o.access | access;
                int d = o.deny | deny;
                if (a != o.access || d != o.deny) {
                    o.reservation.change(Share.set(a), Share.set(d));
                }
                if (a != o.access) {
                    FileHandle h;
                    try {
                        h = opener.apply(a);
                    } catch (RuntimeException e) {
                        o.reservation.change(Share.set(o.access), Share.set(o.deny));
                        throw e;
                    }
                    o.retired.add(o.handle);
                    o.handle = h;
                }
                o.access = a;
                o.deny = d;
                o.accessUsed |= 1 << access;
                o.denyUsed |= 1 << deny;
                o.bump();
                return new OpenGrant(stateid(o), o.handle);
            }
            ShareReservation r = session(cs, volume).reserve(file.id(), Share.set(access), Share.set(deny));
            FileHandle h;
            try {
                h = opener.apply(access);
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
            o = new OpenState(counter.incrementAndGet(), cs, file, owner, access, deny, r, h);
            cs.opens.put(k, o);
            states.put(o.key, o);
            return new OpenGrant(stateid(o), h);
        }
    }

    /** CLOSE (§18.2): releases the open, its reservation, its handles and its owners' locks on the file. */
    public void close(NfsClient client, Stateid sid, FileKey file) throws StateException {
        State s = resolve(client, sid);
        synchronized (s.client) {
            check(s, sid);
            releaseOpen(s.client, as(s, OpenState.class, sid, file));
        }
    }

    private void releaseOpen(ClientState cs, OpenState o) {
        for (LockState l : o.locks) {
            try {
                l.session.unlockAll(o.file.id(), l.ownerKey);
            } catch (DfsException e) {
                LOG.debug("unlock of {} for {}: {}", o.file, l.ownerKey, e.getMessage());
            }
            l.gone = true;
            states.remove(l.key);
            cs.locks.remove(new ClientState.OwnerFile(l.owner, l.file), l);
        }
        o.locks.clear();
        o.reservation.close();
        o.handle.close();
        o.retired.forEach(FileHandle::close);
        o.retired.clear();
        o.gone = true;
        states.remove(o.key);
        cs.opens.remove(new ClientState.OwnerFile(o.owner, o.file), o);
    }

    /**
     * OPEN_DOWNGRADE (§18.18): the new access and deny must each be a subset of the open's and a value some
     * OPEN of it asked (else NFS4ERR_INVAL).
     */
    public Stateid downgrade(NfsClient client, Stateid sid, FileKey file, int access, int deny)
            throws StateException {
        State s = resolve(client, sid);
        synchronized (s.client) {
            check(s, sid);
            OpenState o = as(s, OpenState.class, sid, file);
            if ((access & ~o.access) != 0 || (deny & ~o.deny) != 0 || (o.accessUsed & 1 << access) == 0
                    || (o.denyUsed & 1 << deny) == 0) {
                throw new StateException(NfsStatus.INVAL, "share access/deny: " + access + "/" + deny
                        + " (expected: values an OPEN of this open asked, within " + o.access + "/" + o.deny + ")");
            }
            o.reservation.change(Share.set(access), Share.set(deny));
            o.access = access;
            o.deny = deny;
            o.accessUsed &= subsets(access);
            o.denyUsed &= subsets(deny);
            o.bump();
            return stateid(o);
        }
    }

    /** The bits (1 << v) of the share values v that are subsets of {@code bits}. */
    private static int subsets(int bits) {
        int m = 0;
        for (int v = 0; v <= Share.BOTH; v++) {
            if ((v & ~bits) == 0) {
                m |= 1 << v;
            }
        }
        return m;
    }

    /**
     * FREE_STATEID (§18.38): a lock state without locks goes; an open (to be closed) or a lock state that
     * still holds locks is NFS4ERR_LOCKS_HELD.
     */
    public void free(NfsClient client, Stateid sid) throws StateException {
        State s = resolve(client, sid);
        synchronized (s.client) {
            check(s, sid);
            if (s instanceof OpenState) {
                throw new StateException(NfsStatus.LOCKS_HELD, "stateid: " + sid.other() + " names an open"
                        + " (expected: CLOSE for it)");
            }
            LockState l = (LockState) s;
            if (holdsLocks(l)) {
                throw new StateException(NfsStatus.LOCKS_HELD, "stateid: " + sid.other() + " holds locks"
                        + " (expected: LOCKU first)");
            }
            l.gone = true;
            states.remove(l.key);
            l.open.locks.remove(l);
            s.client.locks.remove(new ClientState.OwnerFile(l.owner, l.file), l);
        }
    }

    private static boolean holdsLocks(LockState l) {
        for (LockInfo i : l.session.locks(l.file.id())) {
            if (i.session() == l.session.id() && i.owner().equals(l.ownerKey)) {
                return true;
            }
        }
        return false;
    }

    // ---- byte-range locks ----

    /** @return the backend owner key of a lock-owner */
    static String ownerKey(Bytes owner) {
        return "o" + HexFormat.of().formatHex(owner.toArray());
    }

    /**
     * LOCK (§18.10) by a lock-owner new to this file: through the open {@code openSid}. A lock-owner that
     * already has a lock state on the file keeps it.
     *
     * @throws StateException BAD/OLD/STALE_STATEID for the open stateid, NFS4ERR_OPENMODE for a write lock
     *     through an open without write access (or a read lock without read)
     */
    public LockOutcome lockNew(NfsClient client, Stateid openSid, Bytes lockOwner, FileKey file, Volume volume,
            LockType type, ByteRange range) throws StateException {
        State s = resolve(client, openSid);
        synchronized (s.client) {
            check(s, openSid);
            requireLive(s.client);
            OpenState o = as(s, OpenState.class, openSid, file);
            LockState l = s.client.locks.get(new ClientState.OwnerFile(lockOwner, file));
            if (l != null) {
                return lock(l, type, range);
            }
            requireMode(o, type, openSid);
            LockSession session = session(s.client, volume);
            String key = ownerKey(lockOwner);
            Optional<LockInfo> conflict = session.tryLock(file.id(), key, LockStyle.POSIX, type, range);
            if (conflict.isPresent()) {
                return new LockOutcome(null, denied(conflict.get()));
            }
            l = new LockState(counter.incrementAndGet(), s.client, file, o, lockOwner, key, session);
            o.locks.add(l);
            s.client.locks.put(new ClientState.OwnerFile(lockOwner, file), l);
            states.put(l.key, l);
            return new LockOutcome(stateid(l), null);
        }
    }

    /** LOCK (§18.10) with the lock-owner's lock stateid. */
    public LockOutcome lockExisting(NfsClient client, Stateid lockSid, FileKey file, LockType type, ByteRange range)
            throws StateException {
        State s = resolve(client, lockSid);
        synchronized (s.client) {
            check(s, lockSid);
            return lock(as(s, LockState.class, lockSid, file), type, range);
        }
    }

    private LockOutcome lock(LockState l, LockType type, ByteRange range) throws StateException {
        requireMode(l.open, type, stateid(l));
        Optional<LockInfo> conflict = l.session.tryLock(l.file.id(), l.ownerKey, LockStyle.POSIX, type, range);
        if (conflict.isPresent()) {
            return new LockOutcome(null, denied(conflict.get()));
        }
        l.bump();
        return new LockOutcome(stateid(l), null);
    }

    private static void requireMode(OpenState o, LockType type, Stateid sid) throws StateException {
        boolean ok = type == LockType.EXCLUSIVE ? (o.access & Share.WRITE) != 0 : o.handle.mode().canRead();
        if (!ok) {
            throw new StateException(NfsStatus.OPENMODE, "lock type " + type + " through open " + sid.other()
                    + " with share access " + o.access + " (expected: " + (type == LockType.EXCLUSIVE ? "write"
                    : "read") + " access)");
        }
    }

    /** LOCKT (§18.11): the lock that would conflict with {@code owner}'s request, if any. */
    public Optional<LockDenied> testLock(NfsClient client, Bytes owner, FileKey file, Volume volume, LockType type,
            ByteRange range) throws StateException {
        ClientState cs = clientState(client);
        synchronized (cs) {
            requireLive(cs);
            return session(cs, volume).test(file.id(), ownerKey(owner), LockStyle.POSIX, type, range)
                    .map(this::denied);
        }
    }

    /** LOCKU (§18.12): releases a range (POSIX: what the owner holds of it), moving the seqid. */
    public Stateid unlock(NfsClient client, Stateid lockSid, FileKey file, ByteRange range) throws StateException {
        State s = resolve(client, lockSid);
        synchronized (s.client) {
            check(s, lockSid);
            LockState l = as(s, LockState.class, lockSid, file);
            l.session.unlock(file.id(), l.ownerKey, LockStyle.POSIX, range);
            l.bump();
            return stateid(l);
        }
    }

    /** LOCK4denied of a backend lock: an NFS client's lock-owner as it sent it, anyone else by description. */
    private LockDenied denied(LockInfo i) {
        ClientState holder = bySession.get(i.session());
        StateOwner owner;
        if (holder != null && i.owner().startsWith("o")) {
            owner = new StateOwner(holder.client.id(), Bytes.of(HexFormat.of().parseHex(i.owner().substring(1))));
        } else {
            byte[] d = i.sessionDescription().getBytes(StandardCharsets.UTF_8);
            owner = new StateOwner(0, Bytes.of(d.length > OPAQUE_LIMIT ? java.util.Arrays.copyOf(d, OPAQUE_LIMIT) : d));
        }
        return new LockDenied(i.range().offset(), i.range().length(), i.type() == LockType.SHARED ? 1 : 2, owner);
    }

    /** @return the number of live opens and lock states (for tests and status) */
    public int stateCount() {
        return states.size();
    }

    /**
     * Releases everything at server stop: handles, reservations and locks, without forgetting the clients
     * in the stable record (they reclaim after the restart).
     */
    @Override
    public void close() {
        for (ClientState cs : new ArrayList<>(clients.values())) {
            release(cs.client, false);
        }
        others.close();
    }
}

package dev.estuary.nfs.internal.state;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.ServerOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.codec.Types.StateProtectRes;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Every client record and session of the server, and the session-layer operations on them: EXCHANGE_ID
 * (§18.35), CREATE_SESSION (§18.36), SEQUENCE (§18.46, §2.10.6), DESTROY_SESSION (§18.37),
 * DESTROY_CLIENTID (§18.50), RECLAIM_COMPLETE (§18.51) and BIND_CONN_TO_SESSION (§18.34), section
 * numbers of RFC 8881. One lock guards everything: each operation is a few map lookups, and the
 * COMPOUND's other operations run outside it (a slot stays "in progress" meanwhile). Memory is bounded
 * by {@link StateLimits}: the number of clients and sessions, the slots per session and the size of one
 * cached reply. Time comes from the injected clock.
 */
public final class ClientTable {
    /** EXCHGID4_FLAG_SUPP_MOVED_REFER. */
    public static final int EXCHGID4_FLAG_SUPP_MOVED_REFER = 0x1;
    /** EXCHGID4_FLAG_SUPP_MOVED_MIGR. */
    public static final int EXCHGID4_FLAG_SUPP_MOVED_MIGR = 0x2;
    /** EXCHGID4_FLAG_BIND_PRINC_STATEID. */
    public static final int EXCHGID4_FLAG_BIND_PRINC_STATEID = 0x100;
    /** EXCHGID4_FLAG_USE_NON_PNFS: the only role this server plays (no pNFS, notes/nfs.md §2.2). */
    public static final int EXCHGID4_FLAG_USE_NON_PNFS = 0x10000;
    /** EXCHGID4_FLAG_MASK_PNFS: the three pNFS role bits. */
    public static final int EXCHGID4_FLAG_MASK_PNFS = 0x70000;
    /** EXCHGID4_FLAG_UPD_CONFIRMED_REC_A. */
    public static final int EXCHGID4_FLAG_UPD_CONFIRMED_REC_A = 0x40000000;
    /** EXCHGID4_FLAG_CONFIRMED_R: set by the server only. */
    public static final int EXCHGID4_FLAG_CONFIRMED_R = 0x80000000;
    /** CREATE_SESSION4_FLAG_PERSIST. */
    public static final int CREATE_SESSION4_FLAG_PERSIST = 0x1;
    /** CREATE_SESSION4_FLAG_CONN_BACK_CHAN. */
    public static final int CREATE_SESSION4_FLAG_CONN_BACK_CHAN = 0x2;
    /** CREATE_SESSION4_FLAG_CONN_RDMA. */
    public static final int CREATE_SESSION4_FLAG_CONN_RDMA = 0x4;
    /** channel_dir_from_client4 / channel_dir_from_server4 values (§18.34). */
    public static final int CDFC4_FORE = 0x1;
    /** CDFC4_BACK. */
    public static final int CDFC4_BACK = 0x2;
    /** CDFC4_FORE_OR_BOTH. */
    public static final int CDFC4_FORE_OR_BOTH = 0x3;
    /** CDFC4_BACK_OR_BOTH. */
    public static final int CDFC4_BACK_OR_BOTH = 0x7;

    private static final int CLIENT_FLAGS = EXCHGID4_FLAG_SUPP_MOVED_REFER | EXCHGID4_FLAG_SUPP_MOVED_MIGR
            | EXCHGID4_FLAG_BIND_PRINC_STATEID | EXCHGID4_FLAG_MASK_PNFS | EXCHGID4_FLAG_UPD_CONFIRMED_REC_A;
    private static final int SESSION_FLAGS = CREATE_SESSION4_FLAG_PERSIST | CREATE_SESSION4_FLAG_CONN_BACK_CHAN
            | CREATE_SESSION4_FLAG_CONN_RDMA;

    private final StateLimits limits;
    private final Clock clock;
    private final ServerOwner serverOwner;
    private final Bytes serverScope;
    private final @Nullable ImplId implId;
    private final ClientStateHook state;
    /**
     * The high 32 bits of every client id (and so of every session id): drawn once per server instance, so
     * ids a client kept from an earlier instance are NFS4ERR_STALE_CLIENTID / BADSESSION, even when the
     * server restarted within the same second.
     */
    private final long epoch;
    /** When SEQUENCE next drops the clients whose lease expired (every quarter lease at most). */
    private Instant nextSweep;
    private int clientCounter;
    private long sessionCounter;
    private final Map<Long, NfsClient> byId = new HashMap<>();
    private final Map<Bytes, NfsClient> confirmed = new HashMap<>();
    private final Map<Bytes, NfsClient> unconfirmed = new HashMap<>();
    private final Map<Bytes, Session> sessions = new HashMap<>();

    /**
     * @param limits the bounds
     * @param clock the time leases are measured with
     * @param serverOwner eir_server_owner: stable across restarts (§2.10.4)
     * @param serverScope eir_server_scope: stable across restarts
     * @param implId eir_server_impl_id, or null
     * @param random draws this instance's client id prefix
     */
    // A table whose clients hold no opens or locks: the session layer on its own (its tests).
    public ClientTable(StateLimits limits, Clock clock, ServerOwner serverOwner, Bytes serverScope,
            @Nullable ImplId implId, RandomGenerator random) {
        this(limits, clock, serverOwner, serverScope, implId, random, ClientStateHook.NONE);
    }

    /**
     * @param limits the bounds
     * @param clock the time leases are measured with
     * @param serverOwner eir_server_owner: stable across restarts (§2.10.4)
     * @param serverScope eir_server_scope: stable across restarts
     * @param implId eir_server_impl_id, or null
     * @param random draws this instance's client id prefix
     * @param state the opens and locks clients hold: asked before DESTROY_CLIENTID, told when a client goes
     */
    public ClientTable(StateLimits limits, Clock clock, ServerOwner serverOwner, Bytes serverScope,
            @Nullable ImplId implId, RandomGenerator random, ClientStateHook state) {
        this.state = state;
        this.limits = limits;
        this.clock = clock;
        this.serverOwner = serverOwner;
        this.serverScope = serverScope;
        this.implId = implId;
        this.epoch = random.nextInt() & 0xffffffffL;
        this.nextSweep = clock.instant();
    }

    /** @return the bounds */
    public StateLimits limits() {
        return limits;
    }

    /** @return the server's clock: leases, and the time SETATTR's SET_TO_SERVER_TIME4 sets (RFC 8881 §3.3.2) */
    public Clock clock() {
        return clock;
    }

    /** EXCHANGE_ID (§18.35): the client-record cases of §18.35.4 with SP4_NONE state protection only. */
    public synchronized NfsResult exchangeId(NfsArgs.ExchangeId a, ClientCredential credential) {
        int flags = a.flags();
        if ((flags & ~CLIENT_FLAGS) != 0) {
            // CONFIRMED_R is the server's to set, and undefined bits are invalid (§18.35.3).
            return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.INVAL);
        }
        switch (a.stateProtect()) {
            case StateProtectArgs.None n -> { }
            // SP4_MACH_CRED needs an integrity-protected RPCSEC_GSS credential (§2.10.8.3), which AUTH_SYS is
            // not; knfsd answers INVAL too. SP4_SSV needs algorithms this server has none of.
            case StateProtectArgs.MachCred m -> { return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.INVAL); }
            case StateProtectArgs.Ssv s -> { return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.ENCR_ALG_UNSUPP); }
        }
        Bytes owner = a.clientOwner().ownerId();
        Bytes verifier = a.clientOwner().verifier();
        NfsClient conf = confirmed.get(owner);
        if ((flags & EXCHGID4_FLAG_UPD_CONFIRMED_REC_A) != 0) {
            // Updating a confirmed record (§18.35.4 cases 6..9).
            if (conf == null) {
                return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.NOENT);
            }
            if (!conf.verifier.equals(verifier)) {
                return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.NOT_SAME);
            }
            if (!conf.credential.equals(credential)) {
                return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.PERM);
            }
            conf.renewed = clock.instant();
            return exchangeOk(conf);
        }
        if (conf != null) {
            if (!conf.credential.equals(credential)) {
                // Case 3, another principal: refused while the record holds live state.
                if ((!conf.sessions.isEmpty() || state.holdsState(conf)) && !expired(conf, clock.instant())) {
                    return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.CLID_INUSE);
                }
                // Case 3 without state (or with its lease expired): the owner name now belongs to the new
                // principal, so the old confirmed record goes at once; its client ID is stale from now on.
                remove(conf);
            } else if (conf.verifier.equals(verifier)) {
                // Case 2: the same incarnation asks again (a retry, or trunking discovery).
                conf.renewed = clock.instant();
                return exchangeOk(conf);
            }
            // Case 5 (new verifier: the client restarted): a new unconfirmed record; the CREATE_SESSION that
            // confirms it removes the old one with its state.
        }
        NfsClient old = unconfirmed.remove(owner);
        if (old != null) {
            // Case 4: an unconfirmed record is simply replaced.
            byId.remove(old.id());
        }
        if (byId.size() >= limits.maxClients()) {
            purgeExpired();
            if (byId.size() >= limits.maxClients()) {
                return NfsResult.of(OpCode.EXCHANGE_ID, NfsStatus.DELAY);
            }
        }
        NfsClient c = new NfsClient(epoch << 32 | (++clientCounter & 0xffffffffL), owner, verifier, credential,
                1, clock.instant());
        byId.put(c.id(), c);
        unconfirmed.put(owner, c);
        return exchangeOk(c);
    }

    private NfsResult exchangeOk(NfsClient c) {
        int flags = EXCHGID4_FLAG_USE_NON_PNFS | (c.confirmed ? EXCHGID4_FLAG_CONFIRMED_R : 0);
        return NfsResult.ok(OpCode.EXCHANGE_ID, new NfsResult.ExchangeIdOk(c.id(), c.nextSequence, flags,
                new StateProtectRes.None(), serverOwner, serverScope, implId));
    }

    /**
     * CREATE_SESSION (§18.36): the csa_sequence rules of §18.36.4 (a retry of the last one gets its reply
     * again), confirmation of the client record, and channel attributes within {@link StateLimits} that the
     * Linux client accepts (notes/nfs.md §2.1: never more than asked, at least 8 operations, at least one slot).
     */
    public synchronized NfsResult createSession(NfsArgs.CreateSession a, ClientCredential credential) {
        NfsClient c = byId.get(a.clientId());
        if (c != null && !c.confirmed && expired(c, clock.instant())) {
            // An unconfirmed record not confirmed within a lease is gone (§18.35.4: the server SHOULD remove
            // it), whether or not a sweep already dropped it.
            remove(c);
            c = null;
        }
        if (c == null) {
            return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.STALE_CLIENTID);
        }
        if (!c.confirmed && !c.credential.equals(credential)) {
            // Only the principal that sent EXCHANGE_ID may confirm the record (§18.36.4, unconfirmed case);
            // a confirmed record with SP4_NONE takes sessions from any principal.
            return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.CLID_INUSE);
        }
        NfsResult last = c.lastCreateSession;
        if (a.sequence() == c.nextSequence - 1 && last != null) {
            return last;
        }
        if (a.sequence() != c.nextSequence) {
            return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.SEQ_MISORDERED);
        }
        if ((a.flags() & ~SESSION_FLAGS) != 0) {
            return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.INVAL);
        }
        ChannelAttrs f = a.foreChannel();
        ChannelAttrs b = a.backChannel();
        // A channel on which no request or no reply could ever fit is NFS4ERR_TOOSMALL (§18.36.3), the back
        // channel's as well as the fore channel's.
        if (f.maxRequestSize() < StateLimits.MIN_CHANNEL_SIZE || f.maxResponseSize() < StateLimits.MIN_CHANNEL_SIZE
                || b.maxRequestSize() < StateLimits.MIN_CHANNEL_SIZE
                || b.maxResponseSize() < StateLimits.MIN_CHANNEL_SIZE) {
            return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.TOOSMALL);
        }
        if (f.maxRequests() <= 0 || f.maxOperations() <= 0 || b.maxRequests() <= 0) {
            return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.INVAL);
        }
        if (c.sessions.size() >= limits.maxSessionsPerClient()) {
            return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.NOSPC);
        }
        if (sessions.size() >= limits.maxSessions()) {
            purgeExpired();
            if (sessions.size() >= limits.maxSessions()) {
                return NfsResult.of(OpCode.CREATE_SESSION, NfsStatus.DELAY);
            }
        }
        ChannelAttrs fore = new ChannelAttrs(0, Math.min(f.maxRequestSize(), limits.maxRequestSize()),
                Math.min(f.maxResponseSize(), limits.maxResponseSize()),
                Math.min(Math.max(f.maxResponseSizeCached(), 0), limits.maxCachedResponseSize()),
                Math.min(f.maxOperations(), limits.maxOperations()), Math.min(f.maxRequests(), limits.maxSlots()),
                null);
        // The back channel is echoed (Linux refuses larger requests, smaller responses, more operations or
        // slots than it asked), with the slots capped. No callbacks are sent yet: CONN_BACK_CHAN is not granted.
        ChannelAttrs back = new ChannelAttrs(0, b.maxRequestSize(), b.maxResponseSize(), b.maxResponseSizeCached(),
                b.maxOperations(), Math.min(b.maxRequests(), limits.maxBackChannelSlots()), null);
        if (!c.confirmed) {
            NfsClient previous = confirmed.remove(c.ownerId());
            if (previous != null) {
                remove(previous);
            }
            unconfirmed.remove(c.ownerId());
            confirmed.put(c.ownerId(), c);
            c.confirmed = true;
        }
        ByteBuffer sid = ByteBuffer.allocate(16).putLong(c.id()).putLong(++sessionCounter);
        Session s = new Session(Bytes.of(sid.array()), c, fore, back, a.cbProgram());
        sessions.put(s.id(), s);
        c.sessions.put(s.id(), s);
        c.renewed = clock.instant();
        NfsResult ok = NfsResult.ok(OpCode.CREATE_SESSION,
                new NfsResult.CreateSessionOk(s.id(), a.sequence(), 0, fore, back));
        c.nextSequence++;
        c.lastCreateSession = ok;
        return ok;
    }

    /**
     * SEQUENCE (§18.46.3, §2.10.6.1): finds the session and slot, tells a new request from a retry of the
     * slot's last one (answered from the cache) and from a misordered one, and renews the lease.
     *
     * @param requestHash a fingerprint of the whole request, so a different request reusing a sequence id is
     *     NFS4ERR_SEQ_FALSE_RETRY rather than answered with another request's reply
     * @param operations the number of operations the COMPOUND declares: more than the session's
     *     ca_maxoperations is NFS4ERR_TOO_MANY_OPS before the slot is used (§18.46.3)
     * @param requestSize the request's size: more than ca_maxrequestsize is NFS4ERR_REQ_TOO_BIG, also before
     *     the slot is used
     */
    public synchronized SequenceOutcome sequence(NfsArgs.Sequence a, int requestHash, int operations,
            int requestSize) {
        // The clients whose lease expired lose their state (§8.3) within a quarter lease of any request, so
        // their share reservations and locks stop standing in the way of other protocols' users too.
        Instant now = clock.instant();
        if (!now.isBefore(nextSweep)) {
            nextSweep = now.plus(limits.lease().dividedBy(4));
            purgeExpired();
        }
        Session s = sessions.get(a.sessionId());
        if (s == null) {
            return failed(NfsStatus.BADSESSION);
        }
        if (a.slotId() < 0 || a.slotId() >= s.slots.length) {
            return failed(NfsStatus.BADSLOT);
        }
        if (a.highestSlotId() < 0 || a.highestSlotId() >= s.slots.length) {
            return failed(NfsStatus.BAD_HIGH_SLOT);
        }
        if (requestSize > s.foreChannel().maxRequestSize()) {
            return failed(NfsStatus.REQ_TOO_BIG);
        }
        if (operations > s.foreChannel().maxOperations()) {
            return failed(NfsStatus.TOO_MANY_OPS);
        }
        Slot slot = s.slots[a.slotId()];
        if (a.sequenceId() == slot.seqid && slot.used) {
            if (slot.inProgress) {
                return failed(NfsStatus.DELAY);
            }
            if (slot.requestHash != requestHash) {
                return failed(NfsStatus.SEQ_FALSE_RETRY);
            }
            CompoundRes cached = slot.reply;
            return cached == null ? failed(NfsStatus.RETRY_UNCACHED_REP) : new SequenceOutcome.Replay(cached);
        }
        if (a.sequenceId() != slot.seqid + 1 || slot.inProgress) {
            return failed(NfsStatus.SEQ_MISORDERED);
        }
        slot.seqid = a.sequenceId();
        slot.used = true;
        slot.inProgress = true;
        slot.reply = null;
        slot.requestHash = requestHash;
        s.client().renewed = clock.instant();
        int highest = s.slots.length - 1;
        NfsResult ok = NfsResult.ok(OpCode.SEQUENCE, new NfsResult.SequenceOk(s.id(), a.sequenceId(), a.slotId(),
                highest, highest, 0));
        return new SequenceOutcome.Proceed(s, a.slotId(), ok, a.cacheThis());
    }

    private static SequenceOutcome failed(NfsStatus status) {
        return new SequenceOutcome.Failed(NfsResult.of(OpCode.SEQUENCE, status));
    }

    /**
     * Ends the request a {@link SequenceOutcome.Proceed} started: the slot is free again and keeps
     * {@code reply} for retries (null: not cached).
     */
    public synchronized void finish(SequenceOutcome.Proceed p, @Nullable CompoundRes reply) {
        Slot slot = p.session().slots[p.slot()];
        slot.inProgress = false;
        slot.reply = p.session().destroyed ? null : reply;
    }

    /**
     * Associates a connection with a session's fore channel: the one CREATE_SESSION arrived on, one a SEQUENCE
     * of the session arrives on (with SP4_NONE, the only protection this server grants, a SEQUENCE on an
     * unassociated connection associates it implicitly) and one BIND_CONN_TO_SESSION names (RFC 8881 §2.10.3.1,
     * §18.34). Only the latest {@link Session#MAX_CONNECTIONS} are remembered; a session that is gone is ignored.
     */
    public synchronized void associate(Bytes sessionId, InetSocketAddress connection) {
        Session s = sessions.get(sessionId);
        if (s == null || s.connections.contains(connection)) {
            return;
        }
        if (s.connections.size() >= Session.MAX_CONNECTIONS) {
            s.connections.remove(s.connections.iterator().next());
        }
        s.connections.add(connection);
    }

    /**
     * DESTROY_SESSION (§18.37): it "MUST be invoked on a connection that is associated with the session being
     * destroyed" (§18.37.3), else NFS4ERR_CONN_NOT_BOUND_TO_SESSION.
     */
    public synchronized NfsStatus destroySession(Bytes sessionId, InetSocketAddress connection) {
        Session found = sessions.get(sessionId);
        if (found == null) {
            return NfsStatus.BADSESSION;
        }
        if (!found.connections.contains(connection)) {
            return NfsStatus.CONN_NOT_BOUND_TO_SESSION;
        }
        Session s = sessions.remove(sessionId);
        s.client().sessions.remove(sessionId);
        s.destroyed = true;
        return NfsStatus.OK;
    }

    /**
     * DESTROY_CLIENTID (§18.50): only a client without sessions and without state (opens, locks: §18.50.3),
     * else NFS4ERR_CLIENTID_BUSY.
     */
    public synchronized NfsStatus destroyClientId(long clientId) {
        NfsClient c = byId.get(clientId);
        if (c == null) {
            return NfsStatus.STALE_CLIENTID;
        }
        if (!c.sessions.isEmpty() || state.holdsState(c)) {
            return NfsStatus.CLIENTID_BUSY;
        }
        remove(c);
        return NfsStatus.OK;
    }

    /**
     * RECLAIM_COMPLETE (§18.51): the global form is accepted once per client, and ends its reclaims (the state
     * table's grace period is told by the handler).
     */
    public synchronized NfsStatus reclaimComplete(Session session, boolean oneFs) {
        NfsClient c = session.client();
        if (oneFs) {
            return NfsStatus.OK;
        }
        if (c.reclaimComplete) {
            return NfsStatus.COMPLETE_ALREADY;
        }
        c.reclaimComplete = true;
        return NfsStatus.OK;
    }

    /**
     * BIND_CONN_TO_SESSION (§18.34), basic: the connection is bound to the fore channel (each call names its
     * session in SEQUENCE, so any connection of the client serves it). There is no back channel yet, so a
     * request that needs one (CDFC4_BACK, CDFC4_BACK_OR_BOTH) answers NFS4ERR_NOTSUPP.
     */
    public synchronized NfsResult bindConnection(NfsArgs.BindConnToSession a) {
        Session s = sessions.get(a.sessionId());
        if (s == null) {
            return NfsResult.of(OpCode.BIND_CONN_TO_SESSION, NfsStatus.BADSESSION);
        }
        return switch (a.dir()) {
            case CDFC4_FORE, CDFC4_FORE_OR_BOTH -> {
                s.client().renewed = clock.instant();
                yield NfsResult.ok(OpCode.BIND_CONN_TO_SESSION,
                        new NfsResult.BindConnOk(s.id(), CDFC4_FORE, false));
            }
            case CDFC4_BACK, CDFC4_BACK_OR_BOTH -> NfsResult.of(OpCode.BIND_CONN_TO_SESSION, NfsStatus.NOTSUPP);
            default -> NfsResult.of(OpCode.BIND_CONN_TO_SESSION, NfsStatus.INVAL);
        };
    }

    /**
     * A confirmed client record with its sessions' connections, as {@code estuary status} shows it.
     *
     * @param clientId the client ID
     * @param credential the principal the record is bound to
     * @param connections the client addresses of its sessions' connections, oldest first
     * @param created when EXCHANGE_ID created the record
     */
    public record ClientSummary(long clientId, ClientCredential credential, List<InetSocketAddress> connections,
            Instant created) {
        /** Copies the list. */
        public ClientSummary {
            connections = List.copyOf(connections);
        }
    }

    /** @return the confirmed client records that hold at least one session, oldest first */
    public synchronized List<ClientSummary> summaries() {
        List<ClientSummary> out = new ArrayList<>();
        for (NfsClient c : byId.values()) {
            if (!c.confirmed || c.sessions.isEmpty()) {
                continue;
            }
            Set<InetSocketAddress> conns = new LinkedHashSet<>();
            for (Session s : c.sessions.values()) {
                conns.addAll(s.connections);
            }
            out.add(new ClientSummary(c.id(), c.credential, List.copyOf(conns), c.created));
        }
        out.sort(Comparator.comparing(ClientSummary::created));
        return out;
    }

    /** @return the number of client records (confirmed or not) */
    public synchronized int clientCount() {
        return byId.size();
    }

    /** @return the number of sessions */
    public synchronized int sessionCount() {
        return sessions.size();
    }

    private boolean expired(NfsClient c, Instant now) {
        return c.renewed.plus(limits.lease()).isBefore(now);
    }

    /**
     * Drops every client whose lease expired, with its sessions and its state (§8.3). OPEN, LOCK and LOCKT
     * call this when they meet a conflict that may be such a client's, so an expired client's opens and
     * locks stand in no one's way.
     *
     * @return the number of clients dropped
     */
    public synchronized int expireLeases() {
        return purgeExpired();
    }

    /** Drops every client whose lease expired, with its sessions (§8.3: its state goes). */
    private int purgeExpired() {
        Instant now = clock.instant();
        List<NfsClient> gone = new ArrayList<>();
        for (NfsClient c : byId.values()) {
            if (expired(c, now)) {
                gone.add(c);
            }
        }
        gone.forEach(this::remove);
        return gone.size();
    }

    private void remove(NfsClient c) {
        c.removed = true;
        state.dropState(c);
        byId.remove(c.id());
        confirmed.remove(c.ownerId(), c);
        unconfirmed.remove(c.ownerId(), c);
        for (Session s : c.sessions.values()) {
            sessions.remove(s.id());
            s.destroyed = true;
        }
        c.sessions.clear();
    }
}

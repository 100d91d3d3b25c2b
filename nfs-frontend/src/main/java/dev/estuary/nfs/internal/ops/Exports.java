package dev.estuary.nfs.internal.ops;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Caller;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.IdentityService;
import dev.estuary.core.NfsAccess;
import dev.estuary.core.NfsCredential;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.rpc.RpcCredential;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which volumes an NFS call may use and as whom. The AUTH_SYS (or AUTH_NONE) credential and the client
 * address go through the volume's export rules ({@link IdentityService#nfsAccess}, squashing applied);
 * no rule means refused. A granted call gets a {@link CheckedVolume}: the one POSIX checker, with the
 * effective uid and groups as the client asserted them after squashing, the export as its grant (ro →
 * read, rw → write) and, as for every grant holder, the volume's group. The export is the grant here,
 * as in exports(5): NFS hosts are trusted per address range, and their users need no gateway account.
 *
 * <p>A grant (the export decision, the principal's name and the volume's defaults, which add the volume's
 * group) is remembered per volume, client address and credential for at most {@link #GRANT_TTL}: deciding
 * it costs a read of the export rules, a principal lookup and a read of the volume root's defaults xattr,
 * which every COMPOUND would otherwise pay (about a third of the server's CPU on a 4 KiB READ). So a
 * change to the export rules, the principal or the volume defaults reaches a client that was already
 * granted within that bound; a refusal is never remembered, and a volume recreated under the same name
 * (a new root) is decided afresh at once. Thread-safe.
 */
public final class Exports {
    private static final Logger LOG = LoggerFactory.getLogger(Exports.class);
    private static final int NAME_CACHE = 4096;
    private static final int GRANT_CACHE = 4096;
    /**
     * How long a grant is remembered: the longest an export-rule, principal or volume-defaults change may
     * take to reach a client that was already granted.
     */
    public static final Duration GRANT_TTL = Duration.ofSeconds(1);

    private final Dfs dfs;
    private final IdentityService identity;
    private final AccessChecker checker;
    /** Volume root id → name, checked on every use (a volume may be deleted or renamed meanwhile). */
    private final Map<ObjectId, String> names = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long grantTtlMillis;
    /** Granted calls: (volume, client, credential) → what {@link #open} builds the view from. */
    private final Map<GrantKey, Grant> grants = new ConcurrentHashMap<>();

    private record GrantKey(String volume, InetAddress client, RpcCredential credential) {
    }

    /** A decided grant: valid for the volume of that root, from {@code decidedAt} (clock millis). */
    private record Grant(ObjectId root, Caller caller, VolumeDefaults defaults, long decidedAt) {
    }

    /**
     * @param dfs the backend
     * @param identity the users, groups and export rules
     * @param checker the POSIX checker
     * @param clock when a grant was decided
     * @param grantTtl how long a grant is remembered ({@link #GRANT_TTL} in the server; zero: never)
     */
    public Exports(Dfs dfs, IdentityService identity, AccessChecker checker, Clock clock, Duration grantTtl) {
        if (grantTtl.isNegative() || grantTtl.compareTo(GRANT_TTL) > 0) {
            throw new IllegalArgumentException("grantTtl: " + grantTtl + " (expected: 0 to " + GRANT_TTL + ")");
        }
        this.dfs = dfs;
        this.identity = identity;
        this.checker = checker;
        this.clock = clock;
        this.grantTtlMillis = grantTtl.toMillis();
    }

    /** @return the credential as the identity service takes it */
    public static NfsCredential credential(RpcCredential credential) {
        return switch (credential) {
            case RpcCredential.Sys s -> NfsCredential.authSys(s.uid(), s.gid(), s.gids());
            case RpcCredential.None n -> NfsCredential.NONE;
        };
    }

    /** @return what the export rules of {@code volume} decide for this call */
    public NfsAccess access(String volume, CallContext call) {
        InetAddress client = call.remote().getAddress();
        return identity.nfsAccess(volume, client, credential(call.credential()));
    }

    /** @return the volumes this call may mount, in the backend's order */
    public List<VolumeInfo> mountable(CallContext call) {
        return dfs.listVolumes().stream().filter(v -> access(v.name(), call) instanceof NfsAccess.Granted).toList();
    }

    /**
     * Opens a volume for this call.
     *
     * @throws NfsException NFS4ERR_ACCESS when the export rules refuse the call (RFC 8881 §2.6.3.1: the
     *     security flavor is fine, the client is not allowed); the reason is logged, never sent
     * @throws DfsException NOT_FOUND when there is no such volume
     */
    public CheckedVolume open(String volumeName, CallContext call) throws NfsException {
        GrantKey key = new GrantKey(volumeName, call.remote().getAddress(), call.credential());
        long now = clock.millis();
        Grant g = grants.get(key);
        if (g != null && now >= g.decidedAt() && now - g.decidedAt() < grantTtlMillis) {
            Volume volume = dfs.volume(volumeName);
            if (volume.root().equals(g.root())) {
                return new CheckedVolume(volume, g.caller(), g.defaults(), checker);
            }
        }
        grants.remove(key);
        NfsAccess access = access(volumeName, call);
        if (access instanceof NfsAccess.Refused r) {
            LOG.debug("NFS client {}: {}", call.remote(), r.reason());
            throw new NfsException(NfsStatus.ACCESS, r.reason());
        }
        NfsAccess.Granted granted = (NfsAccess.Granted) access;
        Volume volume = dfs.volume(volumeName);
        VolumeDefaults defaults = VolumeDefaults.read(volume);
        Set<Integer> gids = new HashSet<>(granted.gids());
        gids.add(defaults.gid());
        String name = identity.principalByUid(granted.uid()).map(Principal::name)
                .orElse("nfs uid " + Integer.toUnsignedString(granted.uid()));
        Caller caller = new Caller(name, granted.uid(), gids, granted.readOnly() ? Permission.READ : Permission.WRITE,
                granted.uid() == 0);
        if (grantTtlMillis > 0) {
            if (grants.size() >= GRANT_CACHE) {
                grants.clear();
            }
            grants.put(key, new Grant(volume.root(), caller, defaults, now));
        }
        return new CheckedVolume(volume, caller, defaults, checker);
    }

    /**
     * Finds the volume whose root is {@code root}.
     *
     * @throws NfsException NFS4ERR_STALE when no volume has that root (deleted, or recreated with a new root)
     */
    public String volumeName(ObjectId root) throws NfsException {
        String cached = names.get(root);
        if (cached != null) {
            try {
                if (dfs.volume(cached).root().equals(root)) {
                    return cached;
                }
            } catch (DfsException e) {
                if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.STALE) {
                    throw e;
                }
            }
            names.remove(root, cached);
        }
        if (names.size() >= NAME_CACHE) {
            names.clear();
        }
        String found = null;
        for (VolumeInfo v : dfs.listVolumes()) {
            names.put(v.root(), v.name());
            if (v.root().equals(root)) {
                found = v.name();
            }
        }
        if (found == null) {
            throw new NfsException(NfsStatus.STALE, "handle: volume root " + root + " (expected: the root of an"
                    + " existing volume)");
        }
        return found;
    }

    /** @return the backend */
    public Dfs dfs() {
        return dfs;
    }

    /** @return the identity service */
    public IdentityService identity() {
        return identity;
    }
}

package dev.estuary.nfs.testing;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Authorizer;
import dev.estuary.core.ClientRange;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.core.UserStore;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.StandardDecorators;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.ServerOwner;
import dev.estuary.nfs.internal.ops.Exports;
import dev.estuary.nfs.internal.ops.NfsServices;
import dev.estuary.nfs.internal.ops.TrackedStateIds;
import dev.estuary.nfs.internal.state.ClientStateHook;
import dev.estuary.nfs.internal.state.Grace;
import dev.estuary.nfs.internal.state.StateTable;
import dev.estuary.nfs.internal.ops.WriteVerifier;
import dev.estuary.nfs.internal.state.ClientTable;
import dev.estuary.nfs.internal.state.StateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The real embedded engine in a temporary directory with a real user store: volume {@code alpha} exported
 * read-write to 127.0.0.0/8 (root squashed), {@code beta} exported to 10.0.0.0/8 only (refused to
 * loopback clients), {@code gamma} not exported. Volumes are made as {@code estuary volume create} makes
 * them: root 0775, owner 0, the volume's group 0.
 */
public final class EngineFixture implements AutoCloseable {
    /** Exported read-write to loopback. */
    public static final String ALPHA = "alpha";
    /** Exported to 10.0.0.0/8 only. */
    public static final String BETA = "beta";
    /** Not exported. */
    public static final String GAMMA = "gamma";
    /** The anonymous id squashed callers get. */
    public static final int ANON = NfsExportRule.DEFAULT_ANON_ID;

    public final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    public final Dfs dfs;
    public final UserStore users;
    public final AccessChecker checker = new AccessChecker(new Authorizer());

    /** Creates the volumes and export rules in {@code tmp}. */
    public EngineFixture(Path tmp) {
        this(tmp, true);
    }

    /** @return the fixture over what an earlier one left in {@code tmp}: a restarted server's view */
    public static EngineFixture reopen(Path tmp) {
        return new EngineFixture(tmp, false);
    }

    private EngineFixture(Path tmp, boolean create) {
        // Decorated as the launcher decorates every backend (reserved names refused, arguments checked).
        dfs = StandardDecorators.apply(new EngineProvider().open(new DfsProvider.Context(tmp.resolve("data"), clock,
                new SimpleMeterRegistry(), Map.of())), new SimpleMeterRegistry());
        users = UserStore.open(tmp.resolve("users"), clock, new SecureRandom());
        if (!create) {
            return;
        }
        VolumeDefaults defaults = new VolumeDefaults(VolumeDefaults.FILE_MODE, VolumeDefaults.DIR_MODE, 0);
        for (String v : new String[] {ALPHA, BETA, GAMMA}) {
            defaults.createVolume(dfs, v, 0);
        }
        users.putNfsExport(ALPHA, new NfsExportRule(ClientRange.parse("127.0.0.0/8"), true, NfsSquash.ROOT_SQUASH,
                ANON, ANON));
        users.putNfsExport(BETA, new NfsExportRule(ClientRange.parse("10.0.0.0/8"), true, NfsSquash.ROOT_SQUASH,
                ANON, ANON));
    }

    /** Exports {@code volume} to loopback clients (127.0.0.0/8), replacing the rule it had for them. */
    public void exportToLoopback(String volume, boolean readWrite, NfsSquash squash) {
        users.putNfsExport(volume, new NfsExportRule(ClientRange.parse("127.0.0.0/8"), readWrite, squash, ANON, ANON));
    }

    /** @return a client table on the fixture's clock, whose clients hold no state */
    public ClientTable clientTable(StateLimits limits) {
        return clientTable(limits, ClientStateHook.NONE);
    }

    /** @return a client table on the fixture's clock over {@code state} */
    public ClientTable clientTable(StateLimits limits, ClientStateHook state) {
        return new ClientTable(limits, clock, new ServerOwner(0, Bytes.utf8("test-server")), Bytes.utf8("test-server"),
                new ImplId("estuary.dev", "Estuary", new NfsTime(0, 0)), new java.util.Random(7), state);
    }

    /** @return a state table without a stable record (no grace period) on the fixture's clock */
    public StateTable stateTable() {
        return new StateTable(new Grace(null, Duration.ZERO, clock), new java.util.Random(11));
    }

    /** @return the services the handlers use, over a fresh client table and state table */
    public NfsServices services() {
        return services(stateTable());
    }

    /** @return the services the handlers use, over a fresh client table and {@code state} */
    public NfsServices services(StateTable state) {
        return new NfsServices(clientTable(StateLimits.DEFAULT, state), new Exports(dfs, users, checker, clock, Duration.ZERO),
                XdrLimits.DEFAULT, new TrackedStateIds(state), WriteVerifier.random(new java.util.Random(13)), state);
    }

    /** @return the undecorated volume (to set up what the tests read) */
    public Volume volume(String name) {
        return dfs.volume(name);
    }

    /** Creates a file with {@code data} owned by uid:gid. */
    public Attributes file(String volume, ObjectId parent, String name, int mode, int uid, int gid, byte[] data) {
        Volume v = volume(volume);
        Attributes a = v.create(parent, name, mode, new Ownership(uid, gid), true);
        if (data.length > 0) {
            try (var h = v.open(a.id(), dev.estuary.dfs.OpenMode.READ_WRITE)) {
                h.write(0, java.nio.ByteBuffer.wrap(data));
            }
        }
        return v.getAttributes(a.id());
    }

    @Override
    public void close() {
        dfs.close();
    }
}

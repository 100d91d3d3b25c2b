package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.rpc.RpcCredential;
import dev.estuary.nfs.testing.EngineFixture;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs handlers through the operation table (dispatch and the error table included) against the real
 * engine, as the COMPOUND processor does, without sockets.
 */
final class Harness implements AutoCloseable {
    static final RpcCredential USER = new RpcCredential.Sys(1000, 1000, List.of());
    static final RpcCredential ROOT = new RpcCredential.Sys(0, 0, List.of());

    final EngineFixture f;
    final NfsServices services;
    final OperationTable table = OperationTable.standard();

    private final boolean ownsFixture;

    Harness(Path tmp) {
        f = new EngineFixture(tmp);
        services = f.services();
        ownsFixture = true;
    }

    /** Another server's handlers over the same engine (its state table, say, restarted); closes nothing. */
    Harness(EngineFixture f, NfsServices services) {
        this.f = f;
        this.services = services;
        ownsFixture = false;
    }

    /** A COMPOUND's context for uid 1000 on 127.0.0.1. */
    OpContext ctx() {
        return ctx(USER, "127.0.0.1");
    }

    OpContext ctx(RpcCredential cred, String address) {
        return new OpContext(services, new CallContext(1, cred, new InetSocketAddress(address, 700), null, 200), 2);
    }

    NfsResult run(OpContext ctx, NfsArgs args) {
        return table.execute(ctx, args);
    }

    /** Runs and expects OK. */
    NfsResult ok(OpContext ctx, NfsArgs args) {
        NfsResult r = run(ctx, args);
        assertThat(r.status()).as("%s", args.op()).isEqualTo(NfsStatus.OK);
        return r;
    }

    ObjectId root(String volume) {
        return f.volume(volume).root();
    }

    FileRef.InVolume ref(String volume, ObjectId id) {
        return new FileRef.InVolume(volume, root(volume), id);
    }

    /** The context with the current file handle at the root of {@code volume}. */
    OpContext at(String volume) {
        OpContext c = ctx();
        c.setCurrent(ref(volume, root(volume)));
        return c;
    }

    /** A context for uid 1000 with the current file handle at {@code id} of {@code volume}. */
    OpContext ctxAt(String volume, ObjectId id) {
        OpContext c = ctx();
        c.setCurrent(ref(volume, id));
        return c;
    }

    @Override
    public void close() {
        if (ownsFixture) {
            f.close();
        }
    }
}

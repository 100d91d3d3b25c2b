package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.testing.EngineFixture;
import org.junit.jupiter.api.Test;

class CommitOpTest extends DataOpTest {
    @Test
    void commitAnswersTheVerifierOfTheWrites() {
        ObjectId id = file("f", new byte[0]);
        NfsResult.WriteOk w = (NfsResult.WriteOk) h.ok(at(id), new NfsArgs.Write(ANONYMOUS, 0, WriteOp.UNSTABLE,
                Bytes.of(random(4096, 1)))).body();
        NfsResult.CommitOk c = (NfsResult.CommitOk) h.ok(at(id), new NfsArgs.Commit(0, 0)).body();
        assertThat(c.writeVerifier()).isEqualTo(w.writeVerifier()).isEqualTo(h.services.writeVerifier().value());
        // A range is accepted (the whole file is synced).
        assertThat(h.ok(at(id), new NfsArgs.Commit(100, 4000)).body()).isEqualTo(c);
    }

    @Test
    void commitOfAFileTheCallerMayOnlyWrite() {
        ObjectId id = h.f.file(EngineFixture.ALPHA, h.root(EngineFixture.ALPHA), "wo", 0200, 1000, 1000,
                random(10, 1)).id();
        assertThat(h.run(at(id), new NfsArgs.Commit(0, 0)).status()).isEqualTo(NfsStatus.OK);
    }

    @Test
    void errors() {
        ObjectId id = file("f", random(10, 1));
        // offset + count beyond 2^64 - 1 (§18.3.3).
        assertThat(h.run(at(id), new NfsArgs.Commit(-10, 100)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(dir("d")), new NfsArgs.Commit(0, 0)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(symlink("l")), new NfsArgs.Commit(0, 0)).status()).isEqualTo(NfsStatus.SYMLINK);
        assertThat(h.run(h.ctx(), new NfsArgs.Commit(0, 0)).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
        ObjectId secret = h.f.file(EngineFixture.ALPHA, h.root(EngineFixture.ALPHA), "secret", 0600, 2000, 2000,
                random(10, 2)).id();
        assertThat(h.run(at(secret), new NfsArgs.Commit(0, 0)).status()).isEqualTo(NfsStatus.ACCESS);
    }
}

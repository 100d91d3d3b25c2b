package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WriteOpTest extends DataOpTest {
    static NfsResult.WriteOk body(NfsResult r) {
        return (NfsResult.WriteOk) r.body();
    }

    @Test
    void unstableWriteLandsInTheBackendWithTheServersVerifier() {
        ObjectId id = file("f", new byte[0]);
        byte[] data = random(70_000, 3);
        NfsResult.WriteOk w = body(h.ok(at(id), new NfsArgs.Write(ANONYMOUS, 5000, WriteOp.UNSTABLE, Bytes.of(data))));
        assertThat(w.count()).isEqualTo(70_000);
        assertThat(w.committed()).isEqualTo(WriteOp.UNSTABLE);
        assertThat(w.writeVerifier()).isEqualTo(h.services.writeVerifier().value());
        byte[] expected = new byte[75_000];
        System.arraycopy(data, 0, expected, 5000, data.length);
        assertThat(contents(id)).isEqualTo(expected);
        // An empty write changes nothing and still answers.
        assertThat(body(h.ok(at(id), new NfsArgs.Write(ANONYMOUS, 0, WriteOp.UNSTABLE, Bytes.EMPTY))).count()).isZero();
        assertThat(contents(id)).hasSize(75_000);
    }

    @Test
    void dataSyncAndFileSyncAreSyncedBeforeTheReplyAndUnstableIsNot() {
        ObjectId id = file("f", new byte[0]);
        TestStateIds ids = new TestStateIds();
        try (TestStateIds.CountingHandle open = new TestStateIds.CountingHandle(alpha().open(id, OpenMode.READ_WRITE))) {
            Stateid s = ids.issue(open);
            assertThat(body(h.ok(at(ids, id), new NfsArgs.Write(s, 0, WriteOp.UNSTABLE, Bytes.of(random(10, 1)))))
                    .committed()).isEqualTo(WriteOp.UNSTABLE);
            assertThat(open.syncs.get() + open.dataSyncs.get()).isZero();
            assertThat(body(h.ok(at(ids, id), new NfsArgs.Write(s, 10, WriteOp.DATA_SYNC, Bytes.of(random(10, 2)))))
                    .committed()).isEqualTo(WriteOp.DATA_SYNC);
            assertThat(open.dataSyncs.get()).isEqualTo(1);
            assertThat(body(h.ok(at(ids, id), new NfsArgs.Write(s, 20, WriteOp.FILE_SYNC, Bytes.of(random(10, 3)))))
                    .committed()).isEqualTo(WriteOp.FILE_SYNC);
            assertThat(open.syncs.get()).isEqualTo(1);
            assertThat(ids.checks).extracting(TestStateIds.Check::kind).containsOnly(IoKind.WRITE);
            assertThat(ids.checks.get(2)).isEqualTo(new TestStateIds.Check(s, id, IoKind.WRITE, 20, 10));
            // The open's handle stays open.
            assertThat(open.closes.get()).isZero();
        }
        assertThat(contents(id)).hasSize(30);
    }

    @Test
    void readOnlyExportIsRofs() {
        OpContext c = readOnlyExportFile();
        assertThat(h.run(c, new NfsArgs.Write(ANONYMOUS, 0, WriteOp.UNSTABLE, Bytes.of(new byte[] {1, 2}))).status())
                .isEqualTo(NfsStatus.ROFS);
    }

    @Test
    void errors() {
        ObjectId id = file("f", random(10, 1));
        Bytes two = Bytes.of(new byte[] {1, 2});
        assertThat(h.run(at(id), new NfsArgs.Write(ANONYMOUS, 0, 3, two)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(dir("d")), new NfsArgs.Write(ANONYMOUS, 0, WriteOp.UNSTABLE, two)).status())
                .isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(symlink("l")), new NfsArgs.Write(ANONYMOUS, 0, WriteOp.UNSTABLE, two)).status())
                .isEqualTo(NfsStatus.SYMLINK);
        assertThat(h.run(at(id), new NfsArgs.Write(UNKNOWN, 0, WriteOp.UNSTABLE, two)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        // offset + count past the largest file (2^63 - 1), and offsets of 2^63 and more (unsigned).
        assertThat(h.run(at(id), new NfsArgs.Write(ANONYMOUS, Long.MAX_VALUE - 1, WriteOp.UNSTABLE, two)).status())
                .isEqualTo(NfsStatus.FBIG);
        assertThat(h.run(at(id), new NfsArgs.Write(ANONYMOUS, -2, WriteOp.UNSTABLE, two)).status())
                .isEqualTo(NfsStatus.FBIG);
        ObjectId other = h.f.file(dev.estuary.nfs.testing.EngineFixture.ALPHA, h.root(dev.estuary.nfs.testing.EngineFixture.ALPHA),
                "other", 0644, 2000, 2000, new byte[0]).id();
        assertThat(h.run(at(other), new NfsArgs.Write(ANONYMOUS, 0, WriteOp.UNSTABLE, two)).status())
                .isEqualTo(NfsStatus.ACCESS);
        assertThat(contents(id)).isEqualTo(random(10, 1));
        assertThat(contents(other)).isEmpty();
        assertThat(Arrays.equals(contents(id), random(10, 1))).isTrue();
    }
}

package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.SequenceOutcome;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadOpTest extends DataOpTest {
    static NfsResult.ReadOk body(NfsResult r) {
        return (NfsResult.ReadOk) r.body();
    }

    @Test
    void readsWithTheAnonymousStateidAndSaysEof() {
        byte[] data = random(100_000, 5);
        ObjectId id = file("f", data);
        NfsResult.ReadOk all = body(h.ok(at(id), new NfsArgs.Read(ANONYMOUS, 0, 200_000)));
        assertThat(all.data().toArray()).isEqualTo(data);
        assertThat(all.eof()).isTrue();
        NfsResult.ReadOk middle = body(h.ok(at(id), new NfsArgs.Read(ANONYMOUS, 1000, 500)));
        assertThat(middle.data().toArray()).isEqualTo(Arrays.copyOfRange(data, 1000, 1500));
        assertThat(middle.eof()).isFalse();
        NfsResult.ReadOk tail = body(h.ok(at(id), new NfsArgs.Read(ANONYMOUS, 99_000, 1000)));
        assertThat(tail.data().length()).isEqualTo(1000);
        assertThat(tail.eof()).isTrue();
    }

    @Test
    void atOrPastTheEndIsNoBytesAndEof() {
        ObjectId id = file("f", random(10, 1));
        // 2^63 and 2^64 - 1 (unsigned on the wire) are past the end too (§18.22.3), not an error.
        for (long offset : new long[] {10, 11, 1L << 40, Long.MIN_VALUE, -1}) {
            NfsResult.ReadOk r = body(h.ok(at(id), new NfsArgs.Read(ANONYMOUS, offset, 100)));
            assertThat(r.data()).isEqualTo(Bytes.EMPTY);
            assertThat(r.eof()).isTrue();
        }
        NfsResult.ReadOk zero = body(h.ok(at(id), new NfsArgs.Read(ANONYMOUS, 0, 0)));
        assertThat(zero.data().length()).isZero();
        assertThat(zero.eof()).isFalse();
    }

    @Test
    void countIsCutAtMaxreadAndAtTheSessionsResponseSize() {
        byte[] data = random(MIB + MIB / 2, 7);
        ObjectId id = file("big", data);
        NfsResult.ReadOk r = body(h.ok(at(id), new NfsArgs.Read(ANONYMOUS, 0, 2 * MIB)));
        assertThat(r.data().length()).isEqualTo(MIB);
        assertThat(r.eof()).isFalse();

        // A session whose fore channel allows 64 KiB replies: the data leaves room for the rest of the reply.
        NfsResult.ReadOk small = body(h.ok(inSession(id, "small", 65536), new NfsArgs.Read(ANONYMOUS, 0, MIB)));
        assertThat(small.data().length()).isEqualTo(65536 - DataIo.REPLY_OVERHEAD);
        assertThat(small.data().toArray()).isEqualTo(Arrays.copyOf(data, 65536 - DataIo.REPLY_OVERHEAD));
        assertThat(small.eof()).isFalse();
        // The smallest channel still gets data (half of it), never an empty READ without eof.
        NfsResult.ReadOk tiny = body(h.ok(inSession(id, "tiny", 256), new NfsArgs.Read(ANONYMOUS, 0, MIB)));
        assertThat(tiny.data().length()).isEqualTo(128);
    }

    /** A context at {@code id} in a new session whose fore channel allows replies of {@code maxResponse} bytes. */
    OpContext inSession(ObjectId id, String owner, int maxResponse) {
        NfsResult x = h.ok(h.ctx(), SessionOpsFixture.exchangeId(owner, "verifier", 0));
        NfsResult.ExchangeIdOk xo = (NfsResult.ExchangeIdOk) x.body();
        NfsResult cs = h.ok(h.ctx(), new NfsArgs.CreateSession(xo.clientId(), xo.sequenceId(), 0,
                new ChannelAttrs(0, 65536, maxResponse, 0, 8, 4, null), SessionOpsFixture.LINUX_BACK, 0x40000000,
                List.of()));
        Bytes sid = ((NfsResult.CreateSessionOk) cs.body()).sessionId();
        OpContext c = at(id);
        SequenceOutcome o = new SequenceOp().begin(c, new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 2);
        assertThat(o).isInstanceOf(SequenceOutcome.Proceed.class);
        assertThat(c.session().foreChannel().maxResponseSize()).isEqualTo(maxResponse);
        return c;
    }

    @Test
    void notARegularFileAfterPutFhWhichRemembersTheType() {
        ObjectId file = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[] {7}).id();
        OpContext c = h.ctx();
        h.ok(c, new NfsArgs.PutFh(FileHandles.encode(h.ref(ALPHA, dir("d")))));
        assertThat(c.currentType()).isEqualTo(dev.estuary.dfs.ObjectType.DIRECTORY);
        assertThat(h.run(c, new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
        h.ok(c, new NfsArgs.PutFh(FileHandles.encode(h.ref(ALPHA, symlink("l")))));
        assertThat(h.run(c, new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.SYMLINK);
        h.ok(c, new NfsArgs.PutFh(FileHandles.encode(h.ref(ALPHA, file))));
        assertThat(h.run(c, new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.OK);
        // Any other way to the current file handle forgets the type (the attributes are read again).
        c.setCurrent(h.ref(ALPHA, h.f.volume(ALPHA).lookup(h.root(ALPHA), "d").id()));
        assertThat(c.currentType()).isNull();
        assertThat(h.run(c, new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
    }

    @Test
    void notARegularFile() {
        assertThat(h.run(at(dir("d")), new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(symlink("l")), new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.SYMLINK);
        OpContext pseudo = h.ctx();
        pseudo.setCurrent(new FileRef.PseudoRoot());
        assertThat(h.run(pseudo, new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(h.ctx(), new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
    }

    @Test
    void badStateidsAndOffsetsAndPermissions() {
        ObjectId id = file("f", random(10, 1));
        assertThat(h.run(at(id), new NfsArgs.Read(UNKNOWN, 0, 10)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        // seqid 5 with an all-zero 'other' is no special stateid.
        assertThat(h.run(at(id), new NfsArgs.Read(new Stateid(5, Bytes.of(new byte[12])), 0, 10)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        // The current stateid when no operation of the COMPOUND set one.
        assertThat(h.run(at(id), new NfsArgs.Read(new Stateid(1, Bytes.of(new byte[12])), 0, 10)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        ObjectId secret = h.f.file(dev.estuary.nfs.testing.EngineFixture.ALPHA, h.root(dev.estuary.nfs.testing.EngineFixture.ALPHA), "secret", 0600, 2000,
                2000, random(10, 2)).id();
        assertThat(h.run(at(secret), new NfsArgs.Read(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ACCESS);
    }

    @Test
    void aStateidOfAnOpenReadsThroughItsHandleAndLeavesItOpen() {
        byte[] data = random(5000, 9);
        ObjectId id = file("f", data);
        TestStateIds ids = new TestStateIds();
        try (TestStateIds.CountingHandle open = new TestStateIds.CountingHandle(alpha().open(id, OpenMode.READ))) {
            Stateid s = ids.issue(open);
            NfsResult.ReadOk r = body(h.ok(at(ids, id), new NfsArgs.Read(s, 100, 300)));
            assertThat(r.data().toArray()).isEqualTo(Arrays.copyOfRange(data, 100, 400));
            assertThat(ids.checks).containsExactly(new TestStateIds.Check(s, id, IoKind.READ, 100, 300));
            assertThat(open.closes.get()).isZero();
            FileHandle still = open;
            assertThat(still.size()).isEqualTo(5000);
        }
    }
}

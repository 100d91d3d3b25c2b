package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.ANON;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ClientRange;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.CopyRequirements;
import dev.estuary.nfs.internal.codec.Types.NetLoc;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.Types.WriteResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyOpTest extends DataOpTest {
    static NfsArgs.Copy copy(long srcOffset, long dstOffset, long count) {
        return new NfsArgs.Copy(ANONYMOUS, ANONYMOUS, srcOffset, dstOffset, count, false, false, List.of());
    }

    /** SAVEFH at {@code src}, current at {@code dst}. */
    OpContext from(ObjectId src, ObjectId dst) {
        OpContext c = at(dst);
        c.setSaved(h.ref(ALPHA, src));
        return c;
    }

    @Test
    void copiesSynchronouslyAndSaysSo() {
        byte[] data = random(300_000, 8);
        ObjectId src = file("src", data);
        ObjectId dst = file("dst", new byte[0]);
        NfsResult.CopyOk ok = (NfsResult.CopyOk) h.ok(from(src, dst), copy(1000, 10, 200_000)).body();
        assertThat(ok.response()).isEqualTo(new WriteResponse(null, 200_000, WriteOp.UNSTABLE,
                h.services.writeVerifier().value()));
        assertThat(ok.requirements()).isEqualTo(new CopyRequirements(true, true));
        byte[] expected = new byte[200_010];
        System.arraycopy(data, 1000, expected, 10, 200_000);
        assertThat(contents(dst)).isEqualTo(expected);

        // count 0: to the end of the source.
        ObjectId whole = file("whole", new byte[0]);
        NfsResult.CopyOk all = (NfsResult.CopyOk) h.ok(from(src, whole), copy(0, 0, 0)).body();
        assertThat(all.response().count()).isEqualTo(300_000);
        assertThat(contents(whole)).isEqualTo(data);
        // Within one file, ranges apart.
        h.ok(from(whole, whole), copy(0, 300_000, 1000));
        assertThat(Arrays.copyOfRange(contents(whole), 300_000, 301_000)).isEqualTo(Arrays.copyOf(data, 1000));
    }

    @Test
    void aCopyLargerThanOneCallCopiesIsShortAndTheClientContinues() throws Exception {
        byte[] data = random(10_000, 4);
        ObjectId src = file("src", data);
        ObjectId dst = file("dst", new byte[0]);
        CopyOp small = new CopyOp(4096);
        long done = 0;
        while (done < data.length) {
            NfsResult.CopyOk ok = (NfsResult.CopyOk) small.execute(from(src, dst), copy(done, done, data.length - done))
                    .body();
            assertThat(ok.response().count()).isEqualTo(Math.min(4096, data.length - done));
            done += ok.response().count();
        }
        assertThat(contents(dst)).isEqualTo(data);
    }

    @Test
    void errors() {
        ObjectId src = file("src", random(1000, 1));
        ObjectId dst = file("dst", new byte[0]);
        // Inter-server copy is not supported.
        assertThat(h.run(from(src, dst), new NfsArgs.Copy(ANONYMOUS, ANONYMOUS, 0, 0, 10, false, true,
                List.of(new NetLoc.Name("other-server")))).status()).isEqualTo(NfsStatus.NOTSUPP);
        // No saved file handle.
        assertThat(h.run(at(dst), copy(0, 0, 10)).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
        // Source range past its end (§15.2.3), and the u64 wrap-around.
        assertThat(h.run(from(src, dst), copy(0, 0, 1001)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(from(src, dst), copy(1001, 0, 0)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(from(src, dst), copy(10, 0, -5)).status()).isEqualTo(NfsStatus.INVAL);
        // Destination beyond the largest file.
        assertThat(h.run(from(src, dst), copy(0, Long.MAX_VALUE - 10, 100)).status()).isEqualTo(NfsStatus.FBIG);
        // Overlapping ranges of one file.
        assertThat(h.run(from(src, src), copy(0, 500, 600)).status()).isEqualTo(NfsStatus.INVAL);
        // Not regular files.
        assertThat(h.run(from(dir("d"), dst), copy(0, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(from(src, symlink("l")), copy(0, 0, 10)).status()).isEqualTo(NfsStatus.SYMLINK);
        // Bad stateids, for either side.
        Stateid bad = UNKNOWN;
        assertThat(h.run(from(src, dst), new NfsArgs.Copy(bad, ANONYMOUS, 0, 0, 10, false, true, List.of())).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(from(src, dst), new NfsArgs.Copy(ANONYMOUS, bad, 0, 0, 10, false, true, List.of())).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(contents(dst)).isEmpty();
    }

    @Test
    void readOnlyDestinationIsRofsAndAnotherVolumeIsXdev() {
        ObjectId src = file("src", random(1000, 1));
        OpContext ro = readOnlyExportFile();
        ro.setSaved(h.ref(ALPHA, src));
        assertThat(h.run(ro, copy(0, 0, 10)).status()).isEqualTo(NfsStatus.ROFS);

        h.f.users.putNfsExport(GAMMA, new NfsExportRule(ClientRange.parse("127.0.0.0/8"), true,
                NfsSquash.ROOT_SQUASH, ANON, ANON));
        Volume g = h.f.volume(GAMMA);
        ObjectId there = g.create(g.root(), "there", 0666, new Ownership(1000, 1000), true).id();
        OpContext cross = h.ctxAt(GAMMA, there);
        cross.setSaved(h.ref(ALPHA, src));
        assertThat(h.run(cross, copy(0, 0, 10)).status()).isEqualTo(NfsStatus.XDEV);
    }

    @Test
    void cloneAndTheOffloadOperationsAreNotSupported() {
        ObjectId src = file("src", random(1000, 1));
        ObjectId dst = file("dst", new byte[0]);
        assertThat(h.run(from(src, dst), new NfsArgs.Clone(ANONYMOUS, ANONYMOUS, 0, 0, 10)).status())
                .isEqualTo(NfsStatus.NOTSUPP);
        assertThat(h.run(at(dst), new NfsArgs.OffloadStatus(ANONYMOUS)).status()).isEqualTo(NfsStatus.NOTSUPP);
        assertThat(h.run(at(dst), new NfsArgs.OffloadCancel(ANONYMOUS)).status()).isEqualTo(NfsStatus.NOTSUPP);
    }
}

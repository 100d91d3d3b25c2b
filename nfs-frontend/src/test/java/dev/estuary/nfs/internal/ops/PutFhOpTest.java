package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.BETA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class PutFhOpTest extends HandlerTest {
    @Test
    void malformedHandlesAreBadHandle() {
        for (Bytes fh : new Bytes[] {Bytes.EMPTY, Bytes.of((byte) 9, (byte) 0), Bytes.of((byte) 1, (byte) 1, (byte) 0),
            Bytes.of((byte) 1, (byte) 0, (byte) 0), Bytes.of(new byte[128])}) {
            assertThat(h.run(h.ctx(), new NfsArgs.PutFh(fh)).status()).as("%s", fh).isEqualTo(NfsStatus.BADHANDLE);
        }
    }

    @Test
    void removedObjectIsStale() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "gone", 0644, 1000, 1000, new byte[0]);
        Bytes fh = FileHandles.encode(h.ref(ALPHA, a.id()));
        h.f.volume(ALPHA).remove(h.root(ALPHA), "gone", RemoveKind.NOT_DIRECTORY);
        assertThat(h.run(h.ctx(), new NfsArgs.PutFh(fh)).status()).isEqualTo(NfsStatus.STALE);
    }

    @Test
    void aVolumeDeletedAndRecreatedUnderTheSameNameNeverAliases() {
        Bytes oldRoot = FileHandles.encode(h.ref(ALPHA, h.root(ALPHA)));
        h.f.dfs.deleteVolume(ALPHA, true);
        new VolumeDefaults(VolumeDefaults.FILE_MODE, VolumeDefaults.DIR_MODE, 0).createVolume(h.f.dfs, ALPHA, 0);
        assertThat(h.run(h.ctx(), new NfsArgs.PutFh(oldRoot)).status()).isEqualTo(NfsStatus.STALE);
        h.ok(h.ctx(), new NfsArgs.PutFh(FileHandles.encode(h.ref(ALPHA, h.root(ALPHA)))));
    }

    @Test
    void unknownObjectOfALiveVolumeIsStale() {
        Bytes fh = FileHandles.encode(new FileRef.InVolume(ALPHA, h.root(ALPHA), new ObjectId(42, 42)));
        assertThat(h.run(h.ctx(), new NfsArgs.PutFh(fh)).status()).isEqualTo(NfsStatus.STALE);
    }

    @Test
    void handleOfAVolumeTheClientMayNotUseIsAccess() {
        Bytes fh = FileHandles.encode(h.ref(BETA, h.root(BETA)));
        assertThat(h.run(h.ctx(), new NfsArgs.PutFh(fh)).status()).isEqualTo(NfsStatus.ACCESS);
        h.ok(h.ctx(Harness.USER, "10.1.2.3"), new NfsArgs.PutFh(fh));
    }
}

package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class SeekOpTest extends DataOpTest {
    static final int DATA = SeekOp.CONTENT_DATA;
    static final int HOLE = SeekOp.CONTENT_HOLE;

    NfsResult.SeekOk seek(ObjectId id, long offset, int what) {
        return (NfsResult.SeekOk) h.ok(at(id), new NfsArgs.Seek(ANONYMOUS, offset, what)).body();
    }

    @Test
    void dataAndHolesOfASparseFile() {
        ObjectId id = sparse("s");
        long size = 3L * MIB + 4096;
        assertThat(seek(id, 0, DATA)).isEqualTo(new NfsResult.SeekOk(false, MIB));
        assertThat(seek(id, 0, HOLE)).isEqualTo(new NfsResult.SeekOk(false, 0));
        assertThat(seek(id, MIB, HOLE)).isEqualTo(new NfsResult.SeekOk(false, MIB + 4096));
        assertThat(seek(id, MIB + 4096, DATA)).isEqualTo(new NfsResult.SeekOk(false, 3L * MIB));
        // The end of the file counts as a hole: sr_eof.
        assertThat(seek(id, 3L * MIB, HOLE)).isEqualTo(new NfsResult.SeekOk(true, size));
        // At or past the end: NXIO (§15.11.3), for 2^63 and more too.
        for (long past : new long[] {size, size + 1, -1}) {
            assertThat(h.run(at(id), new NfsArgs.Seek(ANONYMOUS, past, DATA)).status()).isEqualTo(NfsStatus.NXIO);
            assertThat(h.run(at(id), new NfsArgs.Seek(ANONYMOUS, past, HOLE)).status()).isEqualTo(NfsStatus.NXIO);
        }
    }

    @Test
    void noDataAfterTheOffsetIsEofNotAnError() {
        ObjectId id = sparse("s");
        long size = 3L * MIB + 4096;
        h.ok(at(id), new NfsArgs.Deallocate(ANONYMOUS, 3L * MIB, 4096));
        // §15.11.3: NFS4_OK with sr_eof when no data follows inside the file.
        assertThat(seek(id, MIB + 4096, DATA)).isEqualTo(new NfsResult.SeekOk(true, size));
        assertThat(seek(id, MIB + 4096, HOLE)).isEqualTo(new NfsResult.SeekOk(false, MIB + 4096));
        assertThat(h.run(at(id), new NfsArgs.Seek(ANONYMOUS, size, DATA)).status()).isEqualTo(NfsStatus.NXIO);
    }

    @Test
    void errors() {
        ObjectId id = sparse("s");
        assertThat(h.run(at(id), new NfsArgs.Seek(ANONYMOUS, 0, 2)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(id), new NfsArgs.Seek(UNKNOWN, 0, DATA)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(dir("d")), new NfsArgs.Seek(ANONYMOUS, 0, DATA)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(symlink("l")), new NfsArgs.Seek(ANONYMOUS, 0, DATA)).status()).isEqualTo(NfsStatus.SYMLINK);
    }
}

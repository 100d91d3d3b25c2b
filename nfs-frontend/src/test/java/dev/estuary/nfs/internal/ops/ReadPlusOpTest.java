package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ReadPlusContent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadPlusOpTest extends DataOpTest {
    NfsResult.ReadPlusOk readPlus(ObjectId id, long offset, int count) {
        return (NfsResult.ReadPlusOk) h.ok(at(id), new NfsArgs.ReadPlus(ANONYMOUS, offset, count)).body();
    }

    @Test
    void holesAndDataOfASparseFile() {
        ObjectId id = sparse("s");
        NfsResult.ReadPlusOk r = readPlus(id, 0, MIB + 8192);
        assertThat(r.eof()).isFalse();
        assertThat(r.contents()).containsExactly(new ReadPlusContent.Hole(0, MIB),
                new ReadPlusContent.Data(MIB, Bytes.of(random(4096, 1))), new ReadPlusContent.Hole(MIB + 4096, 4096));

        // From inside the first data to the end: data, a hole of nearly 2 MiB, data, eof.
        NfsResult.ReadPlusOk tail = readPlus(id, MIB + 96, MIB * 3);
        assertThat(tail.eof()).isTrue();
        assertThat(tail.contents()).hasSize(3);
        byte[] first = random(4096, 1);
        assertThat(tail.contents().get(0)).isEqualTo(new ReadPlusContent.Data(MIB + 96,
                Bytes.of(java.util.Arrays.copyOfRange(first, 96, 4096))));
        assertThat(tail.contents().get(1)).isEqualTo(new ReadPlusContent.Hole(MIB + 4096, 2L * MIB - 4096));
        assertThat(tail.contents().get(2)).isEqualTo(new ReadPlusContent.Data(3L * MIB, Bytes.of(random(4096, 3))));
    }

    @Test
    void aFileWithoutHolesIsOneDataSegment() {
        byte[] data = random(10_000, 2);
        ObjectId id = file("f", data);
        assertThat(readPlus(id, 0, 20_000)).isEqualTo(new NfsResult.ReadPlusOk(true,
                List.of(new ReadPlusContent.Data(0, Bytes.of(data)))));
        assertThat(readPlus(id, 10_000, 10)).isEqualTo(new NfsResult.ReadPlusOk(true, List.of()));
        assertThat(readPlus(id, 50_000, 10)).isEqualTo(new NfsResult.ReadPlusOk(true, List.of()));
        assertThat(readPlus(id, -1, 10)).isEqualTo(new NfsResult.ReadPlusOk(true, List.of()));
    }

    @Test
    void dataIsCutAtMaxread() {
        ObjectId id = file("big", random(2 * MIB, 6));
        NfsResult.ReadPlusOk r = readPlus(id, 0, 2 * MIB);
        assertThat(r.eof()).isFalse();
        assertThat(r.contents()).hasSize(1);
        ReadPlusContent.Data d = (ReadPlusContent.Data) r.contents().getFirst();
        assertThat(d.data().length()).isLessThanOrEqualTo((int) Attrs.MAX_IO).isGreaterThan(MIB - 100);
    }

    @Test
    void errors() {
        ObjectId id = sparse("s");
        assertThat(h.run(at(id), new NfsArgs.ReadPlus(UNKNOWN, 0, 10)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(dir("d")), new NfsArgs.ReadPlus(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(symlink("l")), new NfsArgs.ReadPlus(ANONYMOUS, 0, 10)).status())
                .isEqualTo(NfsStatus.SYMLINK);
    }
}

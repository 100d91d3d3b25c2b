package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeallocateOpTest extends DataOpTest {
    @Test
    void punchesAHoleThatReadsAsZerosAndKeepsTheSize() {
        byte[] data = random(2 * MIB, 4);
        ObjectId id = file("f", data);
        h.ok(at(id), new NfsArgs.Deallocate(ANONYMOUS, MIB / 2, MIB / 2));
        byte[] expected = data.clone();
        Arrays.fill(expected, MIB / 2, MIB, (byte) 0);
        assertThat(contents(id)).isEqualTo(expected);
        assertThat(alpha().getAttributes(id).size()).isEqualTo(2 * MIB);
        assertThat(((NfsResult.SeekOk) h.ok(at(id), new NfsArgs.Seek(ANONYMOUS, 0, SeekOp.CONTENT_HOLE)).body())
                .offset()).isEqualTo(MIB / 2);
        // A range past the end deallocates nothing and does not grow the file.
        h.ok(at(id), new NfsArgs.Deallocate(ANONYMOUS, 3L * MIB, 4096));
        assertThat(alpha().getAttributes(id).size()).isEqualTo(2 * MIB);
    }

    @Test
    void errors() {
        ObjectId id = file("f", random(100, 1));
        assertThat(h.run(at(id), new NfsArgs.Deallocate(ANONYMOUS, 0, 0)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(id), new NfsArgs.Deallocate(ANONYMOUS, Long.MAX_VALUE, 10)).status())
                .isEqualTo(NfsStatus.FBIG);
        assertThat(h.run(at(id), new NfsArgs.Deallocate(UNKNOWN, 0, 10)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(dir("d")), new NfsArgs.Deallocate(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(readOnlyExportFile(), new NfsArgs.Deallocate(ANONYMOUS, 0, 10)).status())
                .isEqualTo(NfsStatus.ROFS);
        assertThat(contents(id)).isEqualTo(random(100, 1));
    }
}

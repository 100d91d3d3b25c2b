package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class AllocateOpTest extends DataOpTest {
    @Test
    void reservesSpaceAndGrowsTheFile() {
        ObjectId id = file("f", random(100, 1));
        h.ok(at(id), new NfsArgs.Allocate(ANONYMOUS, 0, 2 * MIB));
        var a = alpha().getAttributes(id);
        assertThat(a.size()).isEqualTo(2 * MIB);
        assertThat(a.allocatedBytes()).isGreaterThanOrEqualTo(2 * MIB);
        byte[] c = contents(id);
        assertThat(java.util.Arrays.copyOf(c, 100)).isEqualTo(random(100, 1));
        // Inside the file: the size stays.
        h.ok(at(id), new NfsArgs.Allocate(ANONYMOUS, 4096, 4096));
        assertThat(alpha().getAttributes(id).size()).isEqualTo(2 * MIB);
    }

    @Test
    void errors() {
        ObjectId id = file("f", random(100, 1));
        assertThat(h.run(at(id), new NfsArgs.Allocate(ANONYMOUS, 0, 0)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(id), new NfsArgs.Allocate(ANONYMOUS, -1, 10)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(id), new NfsArgs.Allocate(ANONYMOUS, Long.MAX_VALUE - 5, 10)).status())
                .isEqualTo(NfsStatus.FBIG);
        assertThat(h.run(at(id), new NfsArgs.Allocate(UNKNOWN, 0, 10)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(dir("d")), new NfsArgs.Allocate(ANONYMOUS, 0, 10)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(readOnlyExportFile(), new NfsArgs.Allocate(ANONYMOUS, 0, 10)).status())
                .isEqualTo(NfsStatus.ROFS);
        assertThat(alpha().getAttributes(id).size()).isEqualTo(100);
    }
}

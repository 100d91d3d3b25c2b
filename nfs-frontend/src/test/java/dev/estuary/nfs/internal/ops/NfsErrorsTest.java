package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class NfsErrorsTest {
    @Test
    void everyKindHasAnErrorStatus() {
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(NfsErrors.status(k)).as("%s", k).isNotEqualTo(NfsStatus.OK);
        }
        assertThat(NfsErrors.status(ErrorKind.STALE)).isEqualTo(NfsStatus.STALE);
        assertThat(NfsErrors.status(ErrorKind.ACCESS_DENIED)).isEqualTo(NfsStatus.ACCESS);
        assertThat(NfsErrors.status(ErrorKind.NOT_PERMITTED)).isEqualTo(NfsStatus.PERM);
    }
}

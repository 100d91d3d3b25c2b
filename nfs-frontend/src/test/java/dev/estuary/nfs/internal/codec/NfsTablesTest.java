package dev.estuary.nfs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Spot checks of the status and operation tables against RFC 7863 / RFC 7862 / RFC 8276. */
class NfsTablesTest {
    @Test
    void statusValuesAreTheRfcs() {
        assertThat(NfsStatus.OK.code()).isZero();
        assertThat(NfsStatus.ACCESS.code()).isEqualTo(13);
        assertThat(NfsStatus.BADHANDLE.code()).isEqualTo(10001);
        assertThat(NfsStatus.NOTSUPP.code()).isEqualTo(10004);
        assertThat(NfsStatus.MINOR_VERS_MISMATCH.code()).isEqualTo(10021);
        assertThat(NfsStatus.BADXDR.code()).isEqualTo(10036);
        assertThat(NfsStatus.OP_ILLEGAL.code()).isEqualTo(10044);
        assertThat(NfsStatus.REQ_TOO_BIG.code()).isEqualTo(10065);
        assertThat(NfsStatus.TOO_MANY_OPS.code()).isEqualTo(10070);
        assertThat(NfsStatus.CLIENTID_BUSY.code()).isEqualTo(10074);
        assertThat(NfsStatus.DELEG_REVOKED.code()).isEqualTo(10087);
        assertThat(NfsStatus.OFFLOAD_NO_REQS.code()).isEqualTo(10094);
        assertThat(NfsStatus.NOXATTR.code()).isEqualTo(10095);
        assertThat(NfsStatus.XATTR2BIG.code()).isEqualTo(10096);
        assertThat(NfsStatus.of(10073)).isNull();
        assertThat(Arrays.stream(NfsStatus.values()).map(NfsStatus::code).distinct().count())
                .isEqualTo(NfsStatus.values().length);
        for (NfsStatus s : NfsStatus.values()) {
            assertThat(NfsStatus.of(s.code())).isSameAs(s);
        }
    }

    @Test
    void operationNumbersAreTheRfcs() {
        assertThat(OpCode.ACCESS.code()).isEqualTo(3);
        assertThat(OpCode.PUTROOTFH.code()).isEqualTo(24);
        assertThat(OpCode.RELEASE_LOCKOWNER.code()).isEqualTo(39);
        assertThat(OpCode.EXCHANGE_ID.code()).isEqualTo(42);
        assertThat(OpCode.SEQUENCE.code()).isEqualTo(53);
        assertThat(OpCode.RECLAIM_COMPLETE.code()).isEqualTo(58);
        assertThat(OpCode.ALLOCATE.code()).isEqualTo(59);
        assertThat(OpCode.READ_PLUS.code()).isEqualTo(68);
        assertThat(OpCode.SEEK.code()).isEqualTo(69);
        assertThat(OpCode.CLONE.code()).isEqualTo(71);
        assertThat(OpCode.GETXATTR.code()).isEqualTo(72);
        assertThat(OpCode.REMOVEXATTR.code()).isEqualTo(75);
        // 3..75 are all valid and contiguous; everything else is illegal.
        for (int i = 3; i <= 75; i++) {
            assertThat(OpCode.of(i)).as("op %d", i).isNotNull();
            assertThat(OpCode.of(i).code()).isEqualTo(i);
        }
        assertThat(OpCode.of(2)).isNull();
        assertThat(OpCode.of(76)).isNull();
        assertThat(OpCode.of(10044)).isNull();
    }
}

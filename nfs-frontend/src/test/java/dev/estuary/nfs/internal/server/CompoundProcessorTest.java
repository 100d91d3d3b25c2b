package dev.estuary.nfs.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompoundProcessorTest {
    static final CompoundArgs ARGS = CompoundArgs.of("t", 1, new NfsArgs.PutRootFh());
    static final List<NfsResult> RESULTS = List.of(
            NfsResult.ok(OpCode.SEQUENCE, new NfsResult.SequenceOk(Bytes.of(new byte[16]), 1, 0, 0, 0, 0)),
            NfsResult.of(OpCode.PUTROOTFH, NfsStatus.OK),
            NfsResult.ok(OpCode.GETFH, new NfsResult.GetFhOk(Bytes.of(new byte[100]))));

    @Test
    void aReplyThatFitsIsKept() {
        assertThat(CompoundProcessor.fit(ARGS, RESULTS, 4096, NfsStatus.REP_TOO_BIG_TO_CACHE)).isEqualTo(RESULTS);
    }

    @Test
    void theOperationThatOverflowsGetsTheStatusAndNothingAfterIt() {
        // header 16 + SEQUENCE 48 + PUTROOTFH 8 = 72 bytes; GETFH adds 112.
        List<NfsResult> cut = CompoundProcessor.fit(ARGS, RESULTS, 100, NfsStatus.REP_TOO_BIG_TO_CACHE);
        assertThat(cut).hasSize(3);
        assertThat(cut.get(1)).isEqualTo(RESULTS.get(1));
        assertThat(cut.get(2)).isEqualTo(NfsResult.of(OpCode.GETFH, NfsStatus.REP_TOO_BIG_TO_CACHE));
        List<NfsResult> tiny = CompoundProcessor.fit(ARGS, RESULTS, 10, NfsStatus.REP_TOO_BIG);
        assertThat(tiny).containsExactly(NfsResult.of(OpCode.SEQUENCE, NfsStatus.REP_TOO_BIG));
    }
}

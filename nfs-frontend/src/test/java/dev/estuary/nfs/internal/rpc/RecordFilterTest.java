package dev.estuary.nfs.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import java.util.Arrays;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

class RecordFilterTest {
    private static final MemoryManager MM = MemoryManager.DEFAULT_MEMORY_MANAGER;

    private static Buffer buffer(byte[] b, int from, int to) {
        return Buffers.wrap(MM, Arrays.copyOfRange(b, from, to));
    }

    private static final byte[] CALL = RpcTestMessages.compound(7, RpcTestMessages.authSys(1000, 100, List.of(4)),
            CompoundArgs.of("split", 2, new NfsArgs.PutRootFh(), new NfsArgs.GetFh(),
                    new NfsArgs.Lookup(Bytes.utf8("a name"))));

    @Test
    void recordSplitAtEveryOffsetIsReassembledOnceComplete() {
        // Two records back to back, the first in three fragments, as Grizzly would deliver them: the bytes
        // that arrived so far, then the rest appended to what the filter left unconsumed.
        byte[] second = RpcTestMessages.call(8, RpcTestMessages.NFS, 4, 0, RpcMessages.OpaqueAuth.NONE, new byte[0]);
        byte[] stream = concat(RpcTestMessages.fragments(CALL, 20), RpcMessages.frame(second));
        int firstEnd = RpcTestMessages.fragments(CALL, 20).length;
        for (int k = 0; k <= stream.length; k++) {
            Buffer arrived = buffer(stream, 0, k);
            long size = RecordFilter.completeRecordSize(arrived, 1 << 20);
            assertThat(size).as("after %d bytes", k).isEqualTo(k < firstEnd ? -1 : CALL.length);
            Buffer all = Buffers.appendBuffers(MM, arrived, buffer(stream, k, stream.length));
            assertThat(RecordFilter.takeRecord(all, (int) RecordFilter.completeRecordSize(all, 1 << 20))).isEqualTo(CALL);
            Buffer rest = all.split(all.position());
            assertThat(RecordFilter.takeRecord(rest, (int) RecordFilter.completeRecordSize(rest, 1 << 20))).isEqualTo(second);
            assertThat(rest.hasRemaining()).isFalse();
        }
    }

    @Test
    void recordOverTheCapIsRefusedFromItsFirstHeader() {
        // Only the 4-byte header has arrived; it announces cap + 1 bytes.
        byte[] header = {(byte) 0x80, 0, 0x10, 0x01};
        assertThat(RecordFilter.completeRecordSize(buffer(header, 0, 4), 0x1000)).isEqualTo(-2);
        // 2^31-1 announced in a non-last fragment.
        byte[] huge = {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThat(RecordFilter.completeRecordSize(buffer(huge, 0, 4), 1 << 20)).isEqualTo(-2);
        // Fragments each under the cap whose sum crosses it.
        byte[] three = RpcTestMessages.fragments(new byte[96], 32);
        assertThat(RecordFilter.completeRecordSize(buffer(three, 0, three.length), 95)).isEqualTo(-2);
        assertThat(RecordFilter.completeRecordSize(buffer(three, 0, three.length), 96)).isEqualTo(96);
    }

    @Test
    void repliesAreToldFromCallsByTheirFirstFragment() {
        byte[] reply = RpcMessages.acceptedReply(5, RpcMessages.SUCCESS, new byte[0]);
        assertThat(RecordFilter.isReply(buffer(RpcMessages.frame(reply), 0, reply.length + 4))).isTrue();
        assertThat(RecordFilter.isReply(buffer(RpcMessages.frame(CALL), 0, CALL.length + 4))).isFalse();
        // A first fragment too short to hold xid and msg_type counts as a call (held back at the limit).
        byte[] split = RpcTestMessages.fragments(reply, 4);
        assertThat(RecordFilter.isReply(buffer(split, 0, split.length))).isFalse();
    }

    @Test
    void guardPassesAuthNoneAndAuthSysCallsAndReplies() {
        assertThat(RecordFilter.guard(CALL)).isNull();
        assertThat(RecordFilter.guard(RpcTestMessages.call(1, 100003, 4, 0, RpcMessages.OpaqueAuth.NONE, new byte[0])))
                .isNull();
        byte[] reply = RpcMessages.acceptedReply(5, RpcMessages.SUCCESS, new byte[0]);
        assertThat(RecordFilter.guard(reply)).isNull();
    }

    @Test
    void guardRefusesOtherCredentialsWithAuthBadcred() {
        RpcMessages.OpaqueAuth gss = new RpcMessages.OpaqueAuth(RpcMessages.RPCSEC_GSS, Bytes.of(new byte[20]));
        assertThat(RecordFilter.guard(RpcTestMessages.call(9, 100003, 4, 1, gss, new byte[0])))
                .isEqualTo(RpcMessages.authError(9, RpcMessages.AUTH_BADCRED));
        assertThat(RecordFilter.guard(RpcTestMessages.call(9, 100003, 4, 1, RpcTestMessages.authSysWithGroups(17), new byte[0])))
                .isEqualTo(RpcMessages.authError(9, RpcMessages.AUTH_BADCRED));
        assertThat(RecordFilter.guard(RpcTestMessages.call(9, 100003, 4, 1, RpcTestMessages.authSysWithGroups(16), new byte[0])))
                .isNull();
        RpcMessages.OpaqueAuth trailing = new RpcMessages.OpaqueAuth(RpcMessages.AUTH_SYS,
                Bytes.of(concat(RpcTestMessages.authSys(1, 1, List.of()).body().toArray(), new byte[4])));
        assertThat(RecordFilter.guard(RpcTestMessages.call(9, 100003, 4, 1, trailing, new byte[0])))
                .isEqualTo(RpcMessages.authError(9, RpcMessages.AUTH_BADCRED));
        RpcMessages.OpaqueAuth noneWithBody = new RpcMessages.OpaqueAuth(RpcMessages.AUTH_NONE, Bytes.of(new byte[4]));
        assertThat(RecordFilter.guard(RpcTestMessages.call(9, 100003, 4, 1, noneWithBody, new byte[0])))
                .isEqualTo(RpcMessages.authError(9, RpcMessages.AUTH_BADCRED));
    }

    @Test
    void guardAnswersBadVerifierAndRpcVersionAndDropsNonMessages() {
        byte[] call = RpcTestMessages.call(3, 100003, 4, 0, RpcMessages.OpaqueAuth.NONE, new byte[0]);
        byte[] badVerf = call.clone();
        badVerf[35] = 1; // verifier flavor AUTH_SYS
        assertThat(RecordFilter.guard(badVerf)).isEqualTo(RpcMessages.authError(3, RpcMessages.AUTH_BADVERF));
        byte[] rpc3 = call.clone();
        rpc3[11] = 3; // rpcvers 3
        assertThat(RecordFilter.guard(rpc3)).isEqualTo(RpcMessages.rpcMismatch(3));
        // A credential body announced longer than 400 bytes (RFC 5531 §8.2).
        byte[] longCred = call.clone();
        longCred[28] = 0x01;
        longCred[29] = (byte) 0x91;
        assertThat(RecordFilter.guard(longCred)).isEqualTo(RpcMessages.authError(3, RpcMessages.AUTH_BADCRED));
        for (int n = 0; n < 32; n++) {
            assertThat(RecordFilter.guard(Arrays.copyOf(call, n))).as("cut at %d", n).isSameAs(RecordFilter.REFUSE_CONNECTION);
        }
        // A REPLY cut anywhere in its header (24 bytes for SUCCESS) is not passed to oncrpc4j's reply decoder.
        byte[] reply = RpcMessages.acceptedReply(5, RpcMessages.SUCCESS, new byte[0]);
        for (int n = 0; n < reply.length; n++) {
            assertThat(RecordFilter.guard(Arrays.copyOf(reply, n))).as("reply cut at %d", n)
                    .isSameAs(RecordFilter.REFUSE_CONNECTION);
        }
        byte[] mismatch = RpcMessages.rpcMismatch(6);
        assertThat(RecordFilter.guard(mismatch)).isNull();
        assertThat(RecordFilter.guard(Arrays.copyOf(mismatch, 20))).isSameAs(RecordFilter.REFUSE_CONNECTION);
        byte[] notAMessage = call.clone();
        notAMessage[7] = 2; // msg_type 2
        assertThat(RecordFilter.guard(notAMessage)).isSameAs(RecordFilter.REFUSE_CONNECTION);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

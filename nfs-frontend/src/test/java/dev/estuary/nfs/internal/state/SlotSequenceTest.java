package dev.estuary.nfs.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.ServerOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The slot sequence ids of SEQUENCE (RFC 8881 §2.10.6.1), where the handler tests cannot reach: the wrap. */
class SlotSequenceTest {
    final ClientTable table = new ClientTable(StateLimits.DEFAULT,
            new MutableClock(Instant.parse("2026-12-06T12:00:00Z")), new ServerOwner(0, Bytes.utf8("s")), Bytes.utf8("s"), null, new Random(1));
    final ClientCredential cred = new ClientCredential(true, 1000);

    Session session() {
        NfsArgs.ExchangeId eid = new NfsArgs.ExchangeId(new ClientOwner(Bytes.utf8("verf0001"), Bytes.utf8("linux")),
                0, new StateProtectArgs.None(), null);
        long id = ((NfsResult.ExchangeIdOk) table.exchangeId(eid, cred).body()).clientId();
        ChannelAttrs ch = new ChannelAttrs(0, 8192, 8192, 8192, 8, 4, null);
        Bytes sid = ((NfsResult.CreateSessionOk) table.createSession(
                new NfsArgs.CreateSession(id, 1, 0, ch, ch, 0x40000000, List.of()), cred).body()).sessionId();
        SequenceOutcome.Proceed p = (SequenceOutcome.Proceed) table.sequence(new NfsArgs.Sequence(sid, 1, 0, 0, true),
                1, 1, 100);
        table.finish(p, null);
        return p.session();
    }

    @Test
    void aSequenceIdWrapsToZeroAndZeroIsThenRetried() {
        Session s = session();
        // As after 2^32 - 1 requests on slot 0.
        s.slots[0].seqid = 0xffffffff;
        SequenceOutcome.Proceed p = (SequenceOutcome.Proceed) table.sequence(
                new NfsArgs.Sequence(s.id(), 0, 0, 0, true), 7, 1, 100);
        CompoundRes reply = CompoundRes.of(Bytes.utf8("t"), List.of(p.result()));
        table.finish(p, reply);
        assertThat(table.sequence(new NfsArgs.Sequence(s.id(), 0, 0, 0, true), 7, 1, 100))
                .isEqualTo(new SequenceOutcome.Replay(reply));
        SequenceOutcome next = table.sequence(new NfsArgs.Sequence(s.id(), 1, 0, 0, true), 8, 1, 100);
        assertThat(next).isInstanceOf(SequenceOutcome.Proceed.class);
    }

    @Test
    void zeroOnAFreshSlotIsMisordered() {
        Session s = session();
        SequenceOutcome o = table.sequence(new NfsArgs.Sequence(s.id(), 0, 1, 1, true), 1, 1, 100);
        assertThat(((SequenceOutcome.Failed) o).result().status()).isEqualTo(NfsStatus.SEQ_MISORDERED);
    }
}

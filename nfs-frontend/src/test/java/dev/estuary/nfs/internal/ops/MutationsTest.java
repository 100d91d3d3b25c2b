package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.XattrMode;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import org.junit.jupiter.api.Test;

/** The read-only check every namespace-changing operation is registered behind (RFC 8881 §15.1, ROFS). */
class MutationsTest extends HandlerTest {
    @Test
    void aReadOnlyExportAnswersRofsForEveryMutationAndChangesNothing() {
        Attributes f = h.f.file(GAMMA, h.root(GAMMA), "f", 0666, 1000, 1000, new byte[] {1});
        h.f.volume(GAMMA).setXattr(f.id(), "user.k", new byte[] {1}, XattrMode.UPSERT);
        long fileChange = h.f.volume(GAMMA).getAttributes(f.id()).change();
        long rootChange = h.f.volume(GAMMA).getAttributes(h.root(GAMMA)).change();
        for (NfsArgs op : Mutating.everyMutation()) {
            // The root of the volume for the namespace operations, the file for the attribute ones.
            boolean onFile = op.op() == OpCode.SETATTR || op.op() == OpCode.SETXATTR || op.op() == OpCode.REMOVEXATTR;
            OpContext c = Mutating.readOnly(h, onFile ? f.id() : h.root(GAMMA));
            c.setSaved(h.ref(GAMMA, op.op() == OpCode.LINK ? f.id() : h.root(GAMMA)));
            NfsResult r = h.run(c, op);
            assertThat(r.status()).as("%s", op.op()).isEqualTo(NfsStatus.ROFS);
            if (op.op() == OpCode.SETATTR) {
                assertThat(r.body()).isEqualTo(new NfsResult.AttrsSet(Bitmap.EMPTY));
            }
        }
        assertThat(h.f.volume(GAMMA).getAttributes(f.id()).change()).isEqualTo(fileChange);
        assertThat(h.f.volume(GAMMA).getAttributes(h.root(GAMMA)).change()).isEqualTo(rootChange);
        assertThat(h.f.volume(GAMMA).getXattr(f.id(), "user.k")).containsExactly(1);
        assertThat(h.f.volume(GAMMA).lookup(h.root(GAMMA), "f").id()).isEqualTo(f.id());
    }

    @Test
    void thePseudoRootIsReadOnlyAndNoFileHandleComesFirst() {
        for (NfsArgs op : Mutating.everyMutation()) {
            OpContext c = h.ctx();
            c.setCurrent(new FileRef.PseudoRoot());
            c.setSaved(new FileRef.PseudoRoot());
            assertThat(h.run(c, op).status()).as("%s", op.op()).isEqualTo(NfsStatus.ROFS);
            assertThat(h.run(h.ctx(), op).status()).as("%s", op.op()).isEqualTo(NfsStatus.NOFILEHANDLE);
        }
    }
}

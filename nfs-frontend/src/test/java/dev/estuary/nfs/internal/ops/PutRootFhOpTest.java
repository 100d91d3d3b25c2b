package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import org.junit.jupiter.api.Test;

class PutRootFhOpTest extends HandlerTest {
    @Test
    void currentBecomesThePseudoRootWhoseHandleIsStable() {
        OpContext c = h.at(dev.estuary.nfs.testing.EngineFixture.ALPHA);
        h.ok(c, new NfsArgs.PutRootFh());
        assertThat(c.currentOrNull()).isEqualTo(new FileRef.PseudoRoot());
        NfsResult fh = h.ok(c, new NfsArgs.GetFh());
        assertThat(((NfsResult.GetFhOk) fh.body()).object()).isEqualTo(FileHandles.PSEUDO_ROOT);
    }
}

package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class ReadLinkOpTest extends HandlerTest {
    @Test
    void targetOfASymlink() {
        Attributes l = h.f.volume(ALPHA).symlink(h.root(ALPHA), "l", "some/where é", new Ownership(1000, 1000));
        NfsResult r = h.ok(h.ctxAt(ALPHA, l.id()), new NfsArgs.ReadLink());
        assertThat(((NfsResult.ReadLinkOk) r.body()).link()).isEqualTo(Bytes.utf8("some/where é"));
        // LOOKUP through a symlink is NFS4ERR_SYMLINK.
        assertThat(h.run(h.ctxAt(ALPHA, l.id()), new NfsArgs.Lookup(Bytes.utf8("x"))).status())
                .isEqualTo(NfsStatus.SYMLINK);
    }

    @Test
    void notASymlinkIsInval() {
        assertThat(h.run(h.at(ALPHA), new NfsArgs.ReadLink()).status()).isEqualTo(NfsStatus.INVAL);
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        assertThat(h.run(c, new NfsArgs.ReadLink()).status()).isEqualTo(NfsStatus.INVAL);
    }
}

package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import org.junit.jupiter.api.Test;

class NVerifyOpTest extends HandlerTest {
    @Test
    void sameValuesAreSameOthersOk() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        Fattr4 same = FileAttrs.builder().set(FileAttr.CHANGE, a.change()).build().encode();
        Fattr4 other = FileAttrs.builder().set(FileAttr.CHANGE, a.change() + 1).build().encode();
        assertThat(h.run(h.ctxAt(ALPHA, a.id()), new NfsArgs.NVerify(same)).status()).isEqualTo(NfsStatus.SAME);
        assertThat(h.run(h.ctxAt(ALPHA, a.id()), new NfsArgs.NVerify(other)).status()).isEqualTo(NfsStatus.OK);
    }
}

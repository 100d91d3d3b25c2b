package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.NfsSquash;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.XdrLimits;
import org.junit.jupiter.api.Test;

class LinkOpTest extends HandlerTest {
    NfsResult link(String volume, ObjectId object, ObjectId dir, String name) {
        OpContext c = h.ctxAt(volume, dir);
        c.setSaved(h.ref(volume, object));
        return h.run(c, new NfsArgs.Link(Bytes.utf8(name)));
    }

    @Test
    void theBackendHasNoHardLinksSoAValidLinkIsNotsuppAndLinkSupportIsFalse() throws Exception {
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        assertThat(link(ALPHA, f.id(), h.root(ALPHA), "g").status()).isEqualTo(NfsStatus.NOTSUPP);
        assertThat(h.f.volume(ALPHA).readdir(h.root(ALPHA), DirCursor.START, 10, false).entries()).hasSize(1);
        NfsResult ga = h.ok(h.at(ALPHA), new NfsArgs.GetAttr(Bitmap.of(5)));
        assertThat(FileAttrs.decode(((NfsResult.GetAttrOk) ga.body()).attributes(), XdrLimits.DEFAULT)
                .get(FileAttr.LINK_SUPPORT)).isFalse();
    }

    @Test
    void theChecksBeforeThat() {
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        Attributes d = h.f.volume(ALPHA).mkdir(h.root(ALPHA), "d", 0755, new Ownership(1000, 1000));
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Link(Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
        assertThat(link(ALPHA, d.id(), h.root(ALPHA), "g").status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(link(ALPHA, f.id(), f.id(), "g").status()).isEqualTo(NfsStatus.NOTDIR);
        assertThat(link(ALPHA, f.id(), h.root(ALPHA), "").status()).isEqualTo(NfsStatus.INVAL);
        assertThat(link(ALPHA, f.id(), h.root(ALPHA), "..").status()).isEqualTo(NfsStatus.BADNAME);
        h.f.exportToLoopback(GAMMA, true, NfsSquash.ROOT_SQUASH);
        OpContext other = h.ctxAt(GAMMA, h.root(GAMMA));
        other.setSaved(h.ref(ALPHA, f.id()));
        assertThat(h.run(other, new NfsArgs.Link(Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.XDEV);
        OpContext pseudo = h.at(ALPHA);
        pseudo.setSaved(new FileRef.PseudoRoot());
        assertThat(h.run(pseudo, new NfsArgs.Link(Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.ISDIR);
        Attributes g = h.f.file(GAMMA, h.root(GAMMA), "f", 0644, 1000, 1000, new byte[0]);
        OpContext ro = Mutating.readOnly(h, h.root(GAMMA));
        ro.setSaved(h.ref(GAMMA, g.id()));
        assertThat(h.run(ro, new NfsArgs.Link(Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.ROFS);
    }
}

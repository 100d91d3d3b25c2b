package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class RemoveXattrOpTest extends HandlerTest {
    static NfsArgs.RemoveXattr remove(String name) {
        return new NfsArgs.RemoveXattr(Bytes.utf8(name));
    }

    @Test
    void removesWithTheObjectsChangeInfo() {
        Volume alpha = h.f.volume(ALPHA);
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        alpha.setXattr(f.id(), "user.k", new byte[] {1}, XattrMode.UPSERT);
        long before = alpha.getAttributes(f.id()).change();
        NfsResult r = h.ok(h.ctxAt(ALPHA, f.id()), remove("k"));
        var cinfo = ((NfsResult.ChangeInfoOk) r.body()).cinfo();
        assertThat(cinfo.before()).isEqualTo(before);
        assertThat(cinfo.after()).isEqualTo(alpha.getAttributes(f.id()).change()).isNotEqualTo(before);
        assertThat(alpha.listXattrs(f.id())).isEmpty();
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), remove("k")).status()).isEqualTo(NfsStatus.NOXATTR);
    }

    @Test
    void theGatewaysOwnXattrsPermissionsAndReadOnlyExport() {
        Volume alpha = h.f.volume(ALPHA);
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 2000, 2000, new byte[0]);
        alpha.setXattr(f.id(), "estuary.s3.meta", new byte[] {1}, XattrMode.UPSERT);
        alpha.setXattr(f.id(), "user.k", new byte[] {1}, XattrMode.UPSERT);
        assertThat(h.run(Mutating.as(h, Mutating.OTHER, ALPHA, f.id()), remove("estuary.s3.meta")).status())
                .isEqualTo(NfsStatus.NOXATTR);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), remove("k")).status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), remove("")).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(alpha.listXattrs(f.id())).containsExactly("estuary.s3.meta", "user.k");
        Attributes g = h.f.file(GAMMA, h.root(GAMMA), "f", 0666, 1000, 1000, new byte[0]);
        h.f.volume(GAMMA).setXattr(g.id(), "user.k", new byte[] {1}, XattrMode.UPSERT);
        assertThat(h.run(Mutating.readOnly(h, g.id()), remove("k")).status()).isEqualTo(NfsStatus.ROFS);
        assertThat(h.f.volume(GAMMA).listXattrs(g.id())).containsExactly("user.k");
    }
}

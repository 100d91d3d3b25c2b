package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.XattrMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class GetXattrOpTest extends HandlerTest {
    static NfsArgs.GetXattr get(String name) {
        return new NfsArgs.GetXattr(Bytes.utf8(name));
    }

    @Test
    void readsTheUserXattrWithReadPermission() {
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0640, 1000, 1000, new byte[0]);
        h.f.volume(ALPHA).setXattr(f.id(), "user.colour", new byte[] {1, 2, 0, 3}, XattrMode.UPSERT);
        NfsResult r = h.ok(h.ctxAt(ALPHA, f.id()), get("colour"));
        assertThat(((NfsResult.GetXattrOk) r.body()).value()).isEqualTo(Bytes.of((byte) 1, (byte) 2, (byte) 0, (byte) 3));
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), get("missing")).status()).isEqualTo(NfsStatus.NOXATTR);
        // uid 2000 may not read the file, so not its xattrs either.
        assertThat(h.run(Mutating.as(h, Mutating.OTHER, ALPHA, f.id()), get("colour")).status())
                .isEqualTo(NfsStatus.ACCESS);
    }

    @Test
    void theGatewaysOwnXattrsAreNeverShown() {
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        h.f.volume(ALPHA).setXattr(f.id(), "estuary.s3.meta", new byte[] {1}, XattrMode.UPSERT);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), get("estuary.s3.meta")).status()).isEqualTo(NfsStatus.NOXATTR);
        // The volume root holds the volume's defaults as an estuary.* xattr.
        assertThat(h.run(h.at(ALPHA), get("estuary.volume.defaults")).status()).isEqualTo(NfsStatus.NOXATTR);
    }

    @Test
    void badNamesAndThePseudoRoot() {
        assertThat(h.run(h.at(ALPHA), get("")).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), get("x".repeat(UserXattrs.MAX_NAME_BYTES + 1))).status())
                .isEqualTo(NfsStatus.NAMETOOLONG);
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        assertThat(h.run(c, get("k")).status()).isEqualTo(NfsStatus.NOXATTR);
        assertThat(h.run(h.ctx(), get("k")).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
    }
}

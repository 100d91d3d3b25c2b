package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class SetXattrOpTest extends HandlerTest {
    Volume alpha() {
        return h.f.volume(ALPHA);
    }

    static NfsArgs.SetXattr set(int option, String name, String value) {
        return new NfsArgs.SetXattr(option, Bytes.utf8(name), Bytes.utf8(value));
    }

    Attributes file(int mode, int uid) {
        return h.f.file(ALPHA, h.root(ALPHA), "f", mode, uid, uid, new byte[0]);
    }

    @Test
    void storedUnderTheUserPrefixWithTheObjectsChangeInfo() {
        Attributes f = file(0644, 1000);
        NfsResult r = h.ok(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.EITHER, "colour", "blue"));
        var cinfo = ((NfsResult.ChangeInfoOk) r.body()).cinfo();
        assertThat(cinfo.before()).isEqualTo(f.change());
        assertThat(cinfo.after()).isEqualTo(alpha().getAttributes(f.id()).change()).isNotEqualTo(f.change());
        assertThat(alpha().getXattr(f.id(), "user.colour")).asString().isEqualTo("blue");
        h.ok(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.EITHER, "colour", "red"));
        assertThat(alpha().getXattr(f.id(), "user.colour")).asString().isEqualTo("red");
        // An empty value is a value.
        h.ok(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.EITHER, "empty", ""));
        assertThat(alpha().getXattr(f.id(), "user.empty")).isEmpty();
    }

    @Test
    void createAndReplaceOptions() {
        Attributes f = file(0644, 1000);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.REPLACE, "k", "v")).status())
                .isEqualTo(NfsStatus.NOXATTR);
        h.ok(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.CREATE, "k", "v1"));
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.CREATE, "k", "v2")).status())
                .isEqualTo(NfsStatus.EXIST);
        h.ok(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.REPLACE, "k", "v3"));
        assertThat(alpha().getXattr(f.id(), "user.k")).asString().isEqualTo("v3");
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), set(3, "k", "v4")).status()).isEqualTo(NfsStatus.BADXDR);
        assertThat(alpha().getXattr(f.id(), "user.k")).asString().isEqualTo("v3");
    }

    @Test
    void theGatewaysOwnXattrsCannotBeReached() {
        Attributes f = file(0644, 1000);
        alpha().setXattr(f.id(), "estuary.s3.meta", new byte[] {9}, XattrMode.UPSERT);
        h.ok(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.EITHER, "estuary.s3.meta", "forged"));
        assertThat(alpha().getXattr(f.id(), "estuary.s3.meta")).containsExactly(9);
        assertThat(alpha().getXattr(f.id(), "user.estuary.s3.meta")).asString().isEqualTo("forged");
    }

    @Test
    void namesValuesPermissionsAndReadOnlyExport() {
        Attributes f = file(0644, 1000);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.EITHER, "", "v")).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), new NfsArgs.SetXattr(SetXattrOp.EITHER, Bytes.of((byte) 0xfe),
                Bytes.EMPTY)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.EITHER, "k".repeat(UserXattrs.MAX_NAME_BYTES + 1), "v"))
                .status()).isEqualTo(NfsStatus.NAMETOOLONG);
        h.ok(h.ctxAt(ALPHA, f.id()), set(SetXattrOp.EITHER, "k".repeat(UserXattrs.MAX_NAME_BYTES), "v"));
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), new NfsArgs.SetXattr(SetXattrOp.EITHER, Bytes.utf8("big"),
                Bytes.of(new byte[Limits.MAX_XATTR_VALUE_BYTES + 1]))).status()).isEqualTo(NfsStatus.XATTR2BIG);
        Attributes other = h.f.file(ALPHA, h.root(ALPHA), "other", 0644, 2000, 2000, new byte[0]);
        assertThat(h.run(h.ctxAt(ALPHA, other.id()), set(SetXattrOp.EITHER, "k", "v")).status())
                .isEqualTo(NfsStatus.ACCESS);
        assertThat(alpha().listXattrs(other.id())).isEmpty();
        Attributes g = h.f.file(GAMMA, h.root(GAMMA), "f", 0666, 1000, 1000, new byte[0]);
        assertThat(h.run(Mutating.readOnly(h, g.id()), set(SetXattrOp.EITHER, "k", "v")).status())
                .isEqualTo(NfsStatus.ROFS);
    }
}

package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.XdrLimits;
import org.junit.jupiter.api.Test;

class GetAttrOpTest extends HandlerTest {
    /** What Linux asks on a path walk (notes/nfs.md §2.1 item 7) plus time_create and filehandle. */
    static final Bitmap WALK = Bitmap.of(1, 3, 4, 8, 19, 20, 33, 35, 36, 37, 41, 45, 47, 50, 52, 53, 55);

    FileAttrs getattr(OpContext c, Bitmap request) throws Exception {
        NfsResult r = h.ok(c, new NfsArgs.GetAttr(request));
        return FileAttrs.decode(((NfsResult.GetAttrOk) r.body()).attributes(), XdrLimits.DEFAULT);
    }

    @Test
    void everyValueComesFromTheBackend() throws Exception {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0640, 1000, 1234, new byte[] {1, 2, 3});
        OpContext c = h.ctx();
        c.setCurrent(h.ref(ALPHA, a.id()));
        FileAttrs v = getattr(c, WALK);
        assertThat(v.get(FileAttr.TYPE)).isEqualTo(FileAttr.NF4REG);
        assertThat(v.get(FileAttr.SIZE)).isEqualTo(3L);
        assertThat(v.get(FileAttr.FILEID)).isEqualTo(a.fileNumber());
        assertThat(v.get(FileAttr.NUMLINKS)).isEqualTo(a.linkCount());
        assertThat(v.get(FileAttr.CHANGE)).isEqualTo(a.change());
        assertThat(v.get(FileAttr.MODE)).isEqualTo(0640);
        assertThat(v.get(FileAttr.OWNER)).isEqualTo("1000");
        assertThat(v.get(FileAttr.OWNER_GROUP)).isEqualTo("1234");
        assertThat(v.get(FileAttr.TIME_MODIFY)).isEqualTo(Attrs.time(a.modifyTime()));
        assertThat(v.get(FileAttr.TIME_MODIFY).nseconds()).isEqualTo(a.modifyTime().getNano());
        assertThat(v.get(FileAttr.FSID_ATTR)).isEqualTo(Attrs.fsid(h.root(ALPHA)));
        assertThat(v.get(FileAttr.MOUNTED_ON_FILEID)).isEqualTo(a.fileNumber());
        assertThat(v.get(FileAttr.FILEHANDLE)).isEqualTo(FileHandles.encode(h.ref(ALPHA, a.id())));
    }

    @Test
    void theVolumeRootIsMountedOnItsPseudoRootEntry() throws Exception {
        FileAttrs v = getattr(h.at(ALPHA), Bitmap.of(20, 55));
        assertThat(v.get(FileAttr.MOUNTED_ON_FILEID)).isEqualTo(Attrs.mountPointFileId(h.root(ALPHA)))
                .isNotEqualTo(v.get(FileAttr.FILEID));
    }

    @Test
    void serverCapsAndPseudoRoot() throws Exception {
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        FileAttrs v = getattr(c, Bitmap.of(0, 1, 2, 5, 6, 8, 10, 20, 51, 75, 79, 82));
        assertThat(v.get(FileAttr.SUPPORTED_ATTRS)).isEqualTo(Attrs.SUPPORTED_42);
        assertThat(v.get(FileAttr.TYPE)).isEqualTo(FileAttr.NF4DIR);
        assertThat(v.get(FileAttr.FH_EXPIRE_TYPE)).isZero();
        assertThat(v.get(FileAttr.FSID_ATTR)).isEqualTo(Attrs.PSEUDO_ROOT_FSID);
        assertThat(v.get(FileAttr.LEASE_TIME)).isEqualTo(90);
        assertThat(v.get(FileAttr.CHANGE_ATTR_TYPE)).isEqualTo(Attrs.CHANGE_TYPE_IS_MONOTONIC_INCR);
        // The engine keeps xattrs, so GETXATTR and the others work (RFC 8276 §8.2).
        assertThat(v.get(FileAttr.XATTR_SUPPORT)).isTrue();
    }

    @Test
    void minorVersionOneDoesNotClaimVersionTwoAttributes() throws Exception {
        OpContext c = new OpContext(h.services, h.ctx().call(), 1);
        c.setCurrent(new FileRef.PseudoRoot());
        FileAttrs v = getattr(c, Bitmap.of(0, 79));
        assertThat(v.get(FileAttr.SUPPORTED_ATTRS)).isEqualTo(Attrs.SUPPORTED_41);
        assertThat(v.has(FileAttr.CHANGE_ATTR_TYPE)).isFalse();
    }

    @Test
    void changeMovesWithTheBackend() throws Exception {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[] {1});
        OpContext c = h.ctx();
        c.setCurrent(h.ref(ALPHA, a.id()));
        long before = getattr(c, Bitmap.of(3)).get(FileAttr.CHANGE);
        h.f.volume(ALPHA).setAttributes(a.id(), dev.estuary.dfs.SetAttributes.builder().mode(0600).build());
        assertThat(getattr(h.ctxAt(ALPHA, a.id()), Bitmap.of(3)).get(FileAttr.CHANGE)).isNotEqualTo(before);
    }

    @Test
    void writeOnlyAttributeIsInval() {
        assertThat(h.run(h.at(ALPHA), new NfsArgs.GetAttr(Bitmap.of(54))).status()).isEqualTo(NfsStatus.INVAL);
    }

    @Test
    void unsupportedAttributesAreLeftOut() throws Exception {
        FileAttrs v = getattr(h.at(ALPHA), Bitmap.of(12, 14, 4));
        assertThat(v.mask().toBitSet().stream().boxed().toList()).containsExactly(4);
    }
}

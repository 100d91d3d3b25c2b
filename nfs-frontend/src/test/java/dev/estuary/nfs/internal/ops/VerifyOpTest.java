package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyOpTest extends HandlerTest {
    @Test
    void sameValuesAreOkOthersNotSame() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[] {1, 2});
        Fattr4 same = FileAttrs.builder().set(FileAttr.SIZE, 2L).set(FileAttr.MODE, 0644).build().encode();
        Fattr4 other = FileAttrs.builder().set(FileAttr.SIZE, 3L).build().encode();
        assertThat(h.run(h.ctxAt(ALPHA, a.id()), new NfsArgs.Verify(same)).status()).isEqualTo(NfsStatus.OK);
        assertThat(h.run(h.ctxAt(ALPHA, a.id()), new NfsArgs.Verify(other)).status()).isEqualTo(NfsStatus.NOT_SAME);
    }

    @Test
    void unsupportedWriteOnlyAndMalformed() {
        Fattr4 acl = new Fattr4(Bitmap.of(12), Bytes.of(new byte[4]));
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Verify(acl)).status()).isEqualTo(NfsStatus.ATTRNOTSUPP);
        Fattr4 unknown = new Fattr4(Bitmap.of(24), Bytes.EMPTY);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Verify(unknown)).status()).isEqualTo(NfsStatus.ATTRNOTSUPP);
        Fattr4 rdattr = FileAttrs.builder().set(FileAttr.RDATTR_ERROR, NfsStatus.OK).build().encode();
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Verify(rdattr)).status()).isEqualTo(NfsStatus.INVAL);
        Fattr4 truncated = new Fattr4(Bitmap.of(4), Bytes.of(new byte[4]));
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Verify(truncated)).status()).isEqualTo(NfsStatus.BADXDR);
    }

    @Test
    void everyRequiredAttributeAsGetattrReturnedItIsSame() {
        // pynfs VF1r: VERIFY of what GETATTR returned for the REQUIRED attributes (RFC 8881 §5.6), rdattr_error
        // aside, on a file and on a directory.
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[] {1, 2});
        Bitmap required = Bitmap.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 19, 75);
        for (ObjectId id : List.of(a.id(), h.root(ALPHA))) {
            Fattr4 got = ((NfsResult.GetAttrOk) h.ok(h.ctxAt(ALPHA, id), new NfsArgs.GetAttr(required)).body())
                    .attributes();
            assertThat(got.mask()).isEqualTo(required);
            assertThat(h.run(h.ctxAt(ALPHA, id), new NfsArgs.Verify(got)).status()).isEqualTo(NfsStatus.OK);
            assertThat(h.run(h.ctxAt(ALPHA, id), new NfsArgs.NVerify(got)).status()).isEqualTo(NfsStatus.SAME);
        }
    }
}

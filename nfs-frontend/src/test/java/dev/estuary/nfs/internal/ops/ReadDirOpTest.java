package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.DirEntry;
import dev.estuary.nfs.internal.codec.XdrLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadDirOpTest extends HandlerTest {
    static final Bytes ZERO = Bytes.of(new byte[8]);
    /** What Linux asks in readdir: rdattr_error, type, fileid, mounted_on_fileid. */
    static final Bitmap LINUX = Bitmap.of(1, 11, 20, 55);

    NfsResult.ReadDirOk readdir(OpContext c, long cookie, Bytes verf, int dircount, int maxcount) {
        return (NfsResult.ReadDirOk) h.ok(c, new NfsArgs.ReadDir(cookie, verf, dircount, maxcount, LINUX)).body();
    }

    @Test
    void pagesFollowBackendPositionsAndEndWithEof() throws Exception {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            h.f.file(ALPHA, h.root(ALPHA), "file-" + i, 0644, 1000, 1000, new byte[0]);
            made.add("file-" + i);
        }
        List<String> seen = new ArrayList<>();
        long cookie = 0;
        Bytes verf = ZERO;
        int pages = 0;
        while (true) {
            NfsResult.ReadDirOk r = readdir(h.at(ALPHA), cookie, verf, 0, 600);
            pages++;
            for (DirEntry e : r.entries()) {
                seen.add(e.name().utf8());
                assertThat(e.cookie()).isGreaterThan(cookie);
                cookie = e.cookie();
                FileAttrs a = FileAttrs.decode(e.attrs(), XdrLimits.DEFAULT);
                Attributes b = h.f.volume(ALPHA).lookup(h.root(ALPHA), e.name().utf8());
                assertThat(a.get(FileAttr.FILEID)).isEqualTo(b.fileNumber());
                assertThat(a.get(FileAttr.RDATTR_ERROR)).isEqualTo(NfsStatus.OK);
            }
            verf = r.cookieVerf();
            if (r.eof()) {
                break;
            }
        }
        assertThat(pages).isGreaterThan(3);
        assertThat(seen).hasSize(40).containsExactlyInAnyOrderElementsOf(made);
    }

    @Test
    void dircountLimitsEntriesButAlwaysReturnsOne() {
        for (int i = 0; i < 5; i++) {
            h.f.file(ALPHA, h.root(ALPHA), "f" + i, 0644, 1000, 1000, new byte[0]);
        }
        assertThat(readdir(h.at(ALPHA), 0, ZERO, 1, 8192).entries()).hasSize(1);
        assertThat(readdir(h.at(ALPHA), 0, ZERO, 40, 8192).entries()).hasSize(2);
        assertThat(readdir(h.at(ALPHA), 0, ZERO, 0, 8192).entries()).hasSize(5);
    }

    @Test
    void cookieRules() {
        h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        for (long reserved : new long[] {1, 2}) {
            assertThat(h.run(h.at(ALPHA), new NfsArgs.ReadDir(reserved, ReadDirOp.VERIFIER, 0, 8192, LINUX)).status())
                    .isEqualTo(NfsStatus.BAD_COOKIE);
        }
        assertThat(h.run(h.at(ALPHA), new NfsArgs.ReadDir(5, Bytes.utf8("other!!!"), 0, 8192, LINUX)).status())
                .isEqualTo(NfsStatus.NOT_SAME);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.ReadDir(0, ZERO, 0, 20, LINUX)).status())
                .isEqualTo(NfsStatus.TOOSMALL);
        // A cookie past the last entry is an empty page at eof.
        NfsResult.ReadDirOk end = readdir(h.at(ALPHA), Long.MAX_VALUE, ReadDirOp.VERIFIER, 0, 8192);
        assertThat(end.entries()).isEmpty();
        assertThat(end.eof()).isTrue();
    }

    @Test
    void listableButNotSearchableGivesRdattrError() throws Exception {
        Attributes d = h.f.volume(ALPHA).mkdir(h.root(ALPHA), "d", 0744, new Ownership(2000, 2000));
        h.f.volume(ALPHA).create(d.id(), "x", 0644, new Ownership(2000, 2000), true);
        NfsResult.ReadDirOk r = readdir(h.ctxAt(ALPHA, d.id()), 0, ZERO, 0, 8192);
        assertThat(r.entries()).hasSize(1);
        assertThat(FileAttrs.decode(r.entries().get(0).attrs(), XdrLimits.DEFAULT).get(FileAttr.RDATTR_ERROR))
                .isEqualTo(NfsStatus.ACCESS);
        assertThat(h.run(h.ctxAt(ALPHA, d.id()), new NfsArgs.ReadDir(0, ZERO, 0, 8192, Bitmap.of(20))).status())
                .isEqualTo(NfsStatus.ACCESS);
    }

    @Test
    void thePseudoRootListsOnlyMountableVolumes() throws Exception {
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        NfsResult.ReadDirOk r = readdir(c, 0, ZERO, 0, 8192);
        assertThat(r.entries()).extracting(e -> e.name().utf8()).containsExactly(ALPHA);
        FileAttrs a = FileAttrs.decode(r.entries().get(0).attrs(), XdrLimits.DEFAULT);
        assertThat(a.get(FileAttr.MOUNTED_ON_FILEID)).isEqualTo(r.entries().get(0).cookie());
        assertThat(a.get(FileAttr.FILEID)).isEqualTo(h.f.volume(ALPHA).getAttributes(h.root(ALPHA)).fileNumber());
        OpContext ten = h.ctx(Harness.USER, "10.0.0.1");
        ten.setCurrent(new FileRef.PseudoRoot());
        assertThat(readdir(ten, 0, ZERO, 0, 8192).entries()).extracting(e -> e.name().utf8())
                .containsExactly(dev.estuary.nfs.testing.EngineFixture.BETA);
    }
}

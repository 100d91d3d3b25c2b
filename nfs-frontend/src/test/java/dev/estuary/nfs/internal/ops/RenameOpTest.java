package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.NfsSquash;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class RenameOpTest extends HandlerTest {
    static final Ownership USER = new Ownership(1000, 1000);

    Volume alpha() {
        return h.f.volume(ALPHA);
    }

    /** SAVEFH of {@code from}, then RENAME into {@code to}, as the client sends it. */
    NfsResult rename(ObjectId from, String oldName, ObjectId to, String newName) {
        OpContext c = h.ctxAt(ALPHA, to);
        c.setSaved(h.ref(ALPHA, from));
        return h.run(c, new NfsArgs.Rename(Bytes.utf8(oldName), Bytes.utf8(newName)));
    }

    @Test
    void betweenDirectoriesWithBothChangeInfos() {
        Attributes a = alpha().mkdir(h.root(ALPHA), "a", 0755, USER);
        Attributes b = alpha().mkdir(h.root(ALPHA), "b", 0755, USER);
        Attributes f = h.f.file(ALPHA, a.id(), "f", 0644, 1000, 1000, new byte[0]);
        long beforeA = alpha().getAttributes(a.id()).change();
        long beforeB = alpha().getAttributes(b.id()).change();
        NfsResult r = rename(a.id(), "f", b.id(), "g");
        assertThat(r.status()).isEqualTo(NfsStatus.OK);
        NfsResult.RenameOk ok = (NfsResult.RenameOk) r.body();
        assertThat(ok.sourceCinfo().before()).isEqualTo(beforeA);
        assertThat(ok.sourceCinfo().after()).isEqualTo(alpha().getAttributes(a.id()).change()).isNotEqualTo(beforeA);
        assertThat(ok.targetCinfo().before()).isEqualTo(beforeB);
        assertThat(ok.targetCinfo().after()).isEqualTo(alpha().getAttributes(b.id()).change()).isNotEqualTo(beforeB);
        assertThat(alpha().lookup(b.id(), "g").id()).isEqualTo(f.id());
        assertThatThrownBy(() -> alpha().lookup(a.id(), "f")).isInstanceOf(DfsException.class);
    }

    @Test
    void compatibleTargetsAreReplacedOthersAreExist() {
        ObjectId root = h.root(ALPHA);
        Attributes f = h.f.file(ALPHA, root, "f", 0644, 1000, 1000, new byte[] {1});
        h.f.file(ALPHA, root, "g", 0644, 1000, 1000, new byte[] {2});
        assertThat(rename(root, "f", root, "g").status()).isEqualTo(NfsStatus.OK);
        assertThat(alpha().lookup(root, "g").id()).isEqualTo(f.id());
        Attributes d = alpha().mkdir(root, "d", 0755, USER);
        Attributes empty = alpha().mkdir(root, "empty", 0755, USER);
        Attributes full = alpha().mkdir(root, "full", 0755, USER);
        h.f.file(ALPHA, full.id(), "x", 0644, 1000, 1000, new byte[0]);
        // A file over a directory, a directory over a file, a directory over one with entries.
        assertThat(rename(root, "g", root, "empty").status()).isEqualTo(NfsStatus.EXIST);
        assertThat(rename(root, "d", root, "g").status()).isEqualTo(NfsStatus.EXIST);
        assertThat(rename(root, "d", root, "full").status()).isEqualTo(NfsStatus.EXIST);
        assertThat(alpha().lookup(root, "empty").id()).isEqualTo(empty.id());
        assertThat(rename(root, "d", root, "empty").status()).isEqualTo(NfsStatus.OK);
        assertThat(alpha().lookup(root, "empty").id()).isEqualTo(d.id());
    }

    @Test
    void ontoItselfIsANoOpAndIntoItsOwnSubtreeIsInval() {
        ObjectId root = h.root(ALPHA);
        Attributes f = h.f.file(ALPHA, root, "f", 0644, 1000, 1000, new byte[0]);
        assertThat(rename(root, "f", root, "f").status()).isEqualTo(NfsStatus.OK);
        assertThat(alpha().lookup(root, "f").id()).isEqualTo(f.id());
        Attributes top = alpha().mkdir(root, "top", 0755, USER);
        Attributes sub = alpha().mkdir(top.id(), "sub", 0755, USER);
        assertThat(rename(root, "top", sub.id(), "moved").status()).isEqualTo(NfsStatus.INVAL);
        assertThat(alpha().lookup(root, "top").id()).isEqualTo(top.id());
    }

    @Test
    void handlesNamesAndDirectories() {
        ObjectId root = h.root(ALPHA);
        Attributes f = h.f.file(ALPHA, root, "f", 0644, 1000, 1000, new byte[0]);
        OpContext noSaved = h.at(ALPHA);
        assertThat(h.run(noSaved, new NfsArgs.Rename(Bytes.utf8("f"), Bytes.utf8("g"))).status())
                .isEqualTo(NfsStatus.NOFILEHANDLE);
        assertThat(rename(root, "missing", root, "g").status()).isEqualTo(NfsStatus.NOENT);
        assertThat(rename(root, "", root, "g").status()).isEqualTo(NfsStatus.INVAL);
        assertThat(rename(root, "f", root, "").status()).isEqualTo(NfsStatus.INVAL);
        assertThat(rename(root, "f", root, "..").status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(rename(root, ".", root, "g").status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(rename(root, "f", root, "x".repeat(256)).status()).isEqualTo(NfsStatus.NAMETOOLONG);
        assertThat(rename(root, "f", root, ".estuary-s3-uploads").status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(rename(f.id(), "f", root, "g").status()).isEqualTo(NfsStatus.NOTDIR);
        assertThat(rename(root, "f", f.id(), "g").status()).isEqualTo(NfsStatus.NOTDIR);
        assertThat(alpha().lookup(root, "f").id()).isEqualTo(f.id());
    }

    @Test
    void acrossVolumesOrFromThePseudoRootIsXdev() {
        h.f.exportToLoopback(GAMMA, true, NfsSquash.ROOT_SQUASH);
        h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        OpContext c = h.ctxAt(GAMMA, h.root(GAMMA));
        c.setSaved(h.ref(ALPHA, h.root(ALPHA)));
        assertThat(h.run(c, new NfsArgs.Rename(Bytes.utf8("f"), Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.XDEV);
        OpContext p = h.at(ALPHA);
        p.setSaved(new FileRef.PseudoRoot());
        assertThat(h.run(p, new NfsArgs.Rename(Bytes.utf8(ALPHA), Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.XDEV);
    }

    @Test
    void permissionsStickyBitAndReadOnlyExport() {
        ObjectId root = h.root(ALPHA);
        Attributes locked = alpha().mkdir(root, "locked", 0755, new Ownership(2000, 2000));
        h.f.file(ALPHA, locked.id(), "f", 0666, 2000, 2000, new byte[0]);
        assertThat(rename(locked.id(), "f", root, "g").status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(rename(root, "locked", locked.id(), "x").status()).isEqualTo(NfsStatus.ACCESS);
        Attributes tmp = alpha().mkdir(root, "tmp", 01777, new Ownership(0, 0));
        h.f.file(ALPHA, tmp.id(), "theirs", 0666, 2000, 2000, new byte[0]);
        assertThat(rename(tmp.id(), "theirs", root, "stolen").status()).isEqualTo(NfsStatus.PERM);
        h.f.file(GAMMA, h.root(GAMMA), "f", 0666, 1000, 1000, new byte[0]);
        OpContext ro = Mutating.readOnly(h, h.root(GAMMA));
        ro.setSaved(h.ref(GAMMA, h.root(GAMMA)));
        assertThat(h.run(ro, new NfsArgs.Rename(Bytes.utf8("f"), Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.ROFS);
    }
}

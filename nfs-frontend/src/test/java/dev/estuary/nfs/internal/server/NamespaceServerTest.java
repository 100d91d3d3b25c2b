package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.NfsSquash;
import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttr.SetTime;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsArgs.CreateType;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The namespace-changing operations through the test client over TCP against the server on the real engine,
 * at minor version 2: mkdir, symlink, rename, remove, link, setattr and xattrs round trips checked against
 * the backend, permission refusals for another uid, and a read-only export.
 */
class NamespaceServerTest {
    static final Stateid ANONYMOUS = new Stateid(0, Bytes.of(new byte[12]));
    static final CreateType DIR = new CreateType(FileAttr.NF4DIR, null, null);

    @TempDir
    Path tmp;
    EngineFixture f;
    NfsServer server;
    ExecutorService executor;
    NfsTestClient client;

    @BeforeEach
    void start() throws Exception {
        f = new EngineFixture(tmp);
        executor = Executors.newFixedThreadPool(4);
        server = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("namespace-server-test")), f.dfs, f.users, f.checker, f.clock, executor,
                new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
        server.start();
        client = connect(1000, 1000, "client-1000");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        f.close();
    }

    NfsTestClient connect(int uid, int gid, String owner) throws Exception {
        NfsTestClient c = new NfsTestClient(server.localAddress(), uid, gid);
        c.establish(owner);
        return c.minorVersion(2);
    }

    static Fattr4 attrs(Consumer<FileAttrs.Builder> values) {
        FileAttrs.Builder b = FileAttrs.builder();
        values.accept(b);
        return b.build().encode();
    }

    static CompoundRes ok(CompoundRes res) {
        assertThat(res.status()).as("%s", res.results()).isEqualTo(NfsStatus.OK);
        return res;
    }

    static <T extends NfsResult.Body> T body(CompoundRes res, int index, Class<T> type) {
        return type.cast(res.results().get(index).body());
    }

    static FileAttrs getattr(CompoundRes res, int index) throws Exception {
        return FileAttrs.decode(body(res, index, NfsResult.GetAttrOk.class).attributes(), XdrLimits.DEFAULT);
    }

    @Test
    void mkdirSymlinkSetattrXattrsRenameLinkAndRemove() throws Exception {
        Volume alpha = f.volume(ALPHA);
        Bytes root = client.fileHandle(ALPHA);

        // mkdir with a mode, answered with the new handle and its attributes.
        CompoundRes mk = ok(client.compound(new NfsArgs.PutFh(root), new NfsArgs.Create(DIR, Bytes.utf8("docs"),
                attrs(b -> b.set(FileAttr.MODE, 0750))), new NfsArgs.GetFh(), new NfsArgs.GetAttr(Bitmap.of(1, 33, 36,
                37))));
        assertThat(body(mk, 2, NfsResult.CreateOk.class).attrSet()).isEqualTo(Bitmap.of(33));
        Bytes docs = body(mk, 3, NfsResult.GetFhOk.class).object();
        FileAttrs da = getattr(mk, 4);
        assertThat(da.get(FileAttr.TYPE)).isEqualTo(FileAttr.NF4DIR);
        assertThat(da.get(FileAttr.MODE)).isEqualTo(0750);
        assertThat(da.get(FileAttr.OWNER)).isEqualTo("1000");
        Attributes docsDir = alpha.lookup(alpha.root(), "docs");
        assertThat(docsDir.mode()).isEqualTo(0750);

        // A symlink, read back through READLINK and the backend.
        CompoundRes ln = ok(client.compound(new NfsArgs.PutFh(docs), new NfsArgs.Create(new CreateType(FileAttr.NF4LNK,
                Bytes.utf8("../target"), null), Bytes.utf8("link"), Fattr4.EMPTY), new NfsArgs.ReadLink()));
        assertThat(body(ln, 3, NfsResult.ReadLinkOk.class).link()).isEqualTo(Bytes.utf8("../target"));
        assertThat(alpha.readlink(alpha.lookup(docsDir.id(), "link").id())).isEqualTo("../target");

        // A file (as OPEN would make it), truncated and dated through SETATTR with the anonymous stateid.
        f.file(ALPHA, docsDir.id(), "a.txt", 0644, 1000, 1000, "hello, world".getBytes(StandardCharsets.UTF_8));
        Bytes file = client.fileHandle(ALPHA, "docs", "a.txt");
        CompoundRes sa = ok(client.compound(new NfsArgs.PutFh(file), new NfsArgs.SetAttr(ANONYMOUS, attrs(b -> b
                .set(FileAttr.SIZE, 5L).set(FileAttr.MODE, 0600)
                .set(FileAttr.TIME_MODIFY_SET, new SetTime(new NfsTime(1_700_000_000, 123))))),
                new NfsArgs.GetAttr(Bitmap.of(4, 33, 53))));
        assertThat(body(sa, 2, NfsResult.AttrsSet.class).attrsSet()).isEqualTo(Bitmap.of(4, 33, 54));
        FileAttrs fa = getattr(sa, 3);
        assertThat(fa.get(FileAttr.SIZE)).isEqualTo(5L);
        assertThat(fa.get(FileAttr.MODE)).isEqualTo(0600);
        assertThat(fa.get(FileAttr.TIME_MODIFY)).isEqualTo(new NfsTime(1_700_000_000, 123));
        Attributes a = alpha.lookup(docsDir.id(), "a.txt");
        assertThat(a.size()).isEqualTo(5);
        assertThat(a.modifyTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 123));

        // xattrs: set, get, list, remove; stored in the user namespace of the backend.
        ok(client.compound(new NfsArgs.PutFh(file), new NfsArgs.SetXattr(1, Bytes.utf8("colour"), Bytes.utf8("blue"))));
        assertThat(alpha.getXattr(a.id(), "user.colour")).asString().isEqualTo("blue");
        CompoundRes gx = ok(client.compound(new NfsArgs.PutFh(file), new NfsArgs.GetXattr(Bytes.utf8("colour")),
                new NfsArgs.ListXattrs(0, 1024), new NfsArgs.GetAttr(Bitmap.of(82))));
        assertThat(body(gx, 2, NfsResult.GetXattrOk.class).value()).isEqualTo(Bytes.utf8("blue"));
        assertThat(body(gx, 3, NfsResult.ListXattrsOk.class).names()).containsExactly(Bytes.utf8("colour"));
        assertThat(getattr(gx, 4).get(FileAttr.XATTR_SUPPORT)).isTrue();
        CompoundRes again = client.compound(new NfsArgs.PutFh(file), new NfsArgs.SetXattr(1, Bytes.utf8("colour"),
                Bytes.utf8("red")));
        assertThat(again.status()).isEqualTo(NfsStatus.EXIST);
        ok(client.compound(new NfsArgs.PutFh(file), new NfsArgs.RemoveXattr(Bytes.utf8("colour"))));
        assertThat(alpha.listXattrs(a.id())).isEmpty();

        // RENAME from the volume root (saved) into docs (current), both change_info4 answered.
        f.file(ALPHA, alpha.root(), "top.txt", 0644, 1000, 1000, new byte[] {1});
        CompoundRes rn = ok(client.compound(new NfsArgs.PutFh(root), new NfsArgs.SaveFh(), new NfsArgs.PutFh(docs),
                new NfsArgs.Rename(Bytes.utf8("top.txt"), Bytes.utf8("moved.txt"))));
        NfsResult.RenameOk rok = body(rn, 4, NfsResult.RenameOk.class);
        assertThat(rok.sourceCinfo().after()).isEqualTo(alpha.getAttributes(alpha.root()).change());
        assertThat(rok.targetCinfo().after()).isEqualTo(alpha.getAttributes(docsDir.id()).change());
        assertThat(alpha.lookup(docsDir.id(), "moved.txt").size()).isEqualTo(1);

        // LINK: no hard links in the backend.
        CompoundRes link = client.compound(new NfsArgs.PutFh(file), new NfsArgs.SaveFh(), new NfsArgs.PutFh(docs),
                new NfsArgs.Link(Bytes.utf8("hard")));
        assertThat(link.status()).isEqualTo(NfsStatus.NOTSUPP);

        // REMOVE: a directory with entries is refused, then emptied and removed.
        CompoundRes notEmpty = client.compound(new NfsArgs.PutFh(root), new NfsArgs.Remove(Bytes.utf8("docs")));
        assertThat(notEmpty.status()).isEqualTo(NfsStatus.NOTEMPTY);
        for (String name : new String[] {"a.txt", "link", "moved.txt"}) {
            ok(client.compound(new NfsArgs.PutFh(docs), new NfsArgs.Remove(Bytes.utf8(name))));
        }
        CompoundRes rm = ok(client.compound(new NfsArgs.PutFh(root), new NfsArgs.Remove(Bytes.utf8("docs"))));
        assertThat(body(rm, 2, NfsResult.ChangeInfoOk.class).cinfo().after())
                .isEqualTo(alpha.getAttributes(alpha.root()).change());
        assertThatThrownBy(() -> alpha.lookup(alpha.root(), "docs")).isInstanceOf(DfsException.class);
        // The old handle of the removed directory is stale.
        assertThat(client.compound(new NfsArgs.PutFh(docs), new NfsArgs.GetAttr(Bitmap.of(1))).status())
                .isEqualTo(NfsStatus.STALE);
    }

    @Test
    void anotherUidIsRefusedAndNothingChanges() throws Exception {
        Volume alpha = f.volume(ALPHA);
        Attributes home = alpha.mkdir(alpha.root(), "home", 0755, new Ownership(1000, 1000));
        Attributes notes = f.file(ALPHA, home.id(), "notes", 0644, 1000, 1000, new byte[] {1, 2, 3});
        try (NfsTestClient other = connect(2000, 2000, "client-2000")) {
            Bytes homeFh = other.fileHandle(ALPHA, "home");
            Bytes notesFh = other.fileHandle(ALPHA, "home", "notes");
            assertThat(other.compound(new NfsArgs.PutFh(homeFh), new NfsArgs.Remove(Bytes.utf8("notes"))).status())
                    .isEqualTo(NfsStatus.ACCESS);
            assertThat(other.compound(new NfsArgs.PutFh(homeFh), new NfsArgs.Create(DIR, Bytes.utf8("mine"),
                    Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.ACCESS);
            CompoundRes chmod = other.compound(new NfsArgs.PutFh(notesFh), new NfsArgs.SetAttr(ANONYMOUS,
                    attrs(b -> b.set(FileAttr.MODE, 0666))));
            assertThat(chmod.status()).isEqualTo(NfsStatus.PERM);
            assertThat(body(chmod, 2, NfsResult.AttrsSet.class).attrsSet()).isEqualTo(Bitmap.EMPTY);
            assertThat(other.compound(new NfsArgs.PutFh(notesFh), new NfsArgs.SetAttr(ANONYMOUS,
                    attrs(b -> b.set(FileAttr.SIZE, 0L)))).status()).isEqualTo(NfsStatus.ACCESS);
            assertThat(other.compound(new NfsArgs.PutFh(notesFh), new NfsArgs.SetXattr(0, Bytes.utf8("k"),
                    Bytes.utf8("v"))).status()).isEqualTo(NfsStatus.ACCESS);
            // Moving notes out of home needs write permission on home.
            assertThat(other.compound(new NfsArgs.PutFh(homeFh), new NfsArgs.SaveFh(), new NfsArgs.PutRootFh(),
                    new NfsArgs.Lookup(Bytes.utf8(ALPHA)), new NfsArgs.Rename(Bytes.utf8("notes"), Bytes.utf8("x")))
                    .status()).isEqualTo(NfsStatus.ACCESS);
        }
        Attributes after = alpha.getAttributes(notes.id());
        assertThat(after.change()).isEqualTo(notes.change());
        assertThat(after.size()).isEqualTo(3);
        assertThat(alpha.lookup(home.id(), "notes").id()).isEqualTo(notes.id());
    }

    @Test
    void aReadOnlyExportAnswersRofs() throws Exception {
        f.exportToLoopback(GAMMA, false, NfsSquash.ROOT_SQUASH);
        Volume gamma = f.volume(GAMMA);
        Attributes file = f.file(GAMMA, gamma.root(), "f", 0666, 1000, 1000, new byte[] {1});
        Bytes root = client.fileHandle(GAMMA);
        Bytes fh = client.fileHandle(GAMMA, "f");
        assertThat(client.compound(new NfsArgs.PutFh(root), new NfsArgs.Create(DIR, Bytes.utf8("d"), Fattr4.EMPTY))
                .status()).isEqualTo(NfsStatus.ROFS);
        assertThat(client.compound(new NfsArgs.PutFh(root), new NfsArgs.Remove(Bytes.utf8("f"))).status())
                .isEqualTo(NfsStatus.ROFS);
        assertThat(client.compound(new NfsArgs.PutFh(root), new NfsArgs.SaveFh(), new NfsArgs.Rename(Bytes.utf8("f"),
                Bytes.utf8("g"))).status()).isEqualTo(NfsStatus.ROFS);
        CompoundRes sa = client.compound(new NfsArgs.PutFh(fh), new NfsArgs.SetAttr(ANONYMOUS,
                attrs(b -> b.set(FileAttr.SIZE, 0L))));
        assertThat(sa.status()).isEqualTo(NfsStatus.ROFS);
        assertThat(body(sa, 2, NfsResult.AttrsSet.class).attrsSet()).isEqualTo(Bitmap.EMPTY);
        assertThat(client.compound(new NfsArgs.PutFh(fh), new NfsArgs.SetXattr(0, Bytes.utf8("k"), Bytes.utf8("v")))
                .status()).isEqualTo(NfsStatus.ROFS);
        // Reading still works.
        ok(client.compound(new NfsArgs.PutFh(fh), new NfsArgs.GetAttr(Bitmap.of(4)), new NfsArgs.ListXattrs(0, 1024)));
        assertThat(gamma.getAttributes(file.id()).change()).isEqualTo(file.change());
    }
}

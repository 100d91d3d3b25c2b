package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.BETA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import dev.estuary.nfs.internal.codec.Types.DirEntry;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on 127.0.0.1 over the real engine, driven by the test client over TCP: session set-up as the
 * Linux client does it, the pseudo-root, LOOKUP into a volume, READDIR across pages, attributes checked
 * against the backend, a stale handle, a refused export and a retransmission answered from the reply cache.
 */
class NfsServerTest {
    static final Bitmap ATTRS = Bitmap.of(1, 3, 4, 8, 11, 20, 35, 55);

    @TempDir
    Path tmp;
    EngineFixture f;
    NfsServer server;
    ExecutorService executor;
    NfsTestClient client;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        f = new EngineFixture(tmp);
        executor = Executors.newFixedThreadPool(4);
        server = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("nfs-server-test")), f.dfs, f.users, f.checker, f.clock, executor,
                new RequestMetrics(registry, "nfs"));
        server.start();
        client = new NfsTestClient(server.localAddress(), 1000, 1000);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        f.close();
    }

    static FileAttrs attrs(NfsResult r) throws Exception {
        return FileAttrs.decode(((NfsResult.GetAttrOk) r.body()).attributes(), XdrLimits.DEFAULT);
    }

    static CompoundRes ok(CompoundRes res) {
        assertThat(res.status()).as("%s", res.results()).isEqualTo(NfsStatus.OK);
        return res;
    }

    @Test
    void mountWalkListAndCheckAttributesAgainstTheBackend() throws Exception {
        Volume alpha = f.volume(ALPHA);
        Attributes data = alpha.mkdir(alpha.root(), "data", 0755, new Ownership(1000, 1000));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String n = "sample-" + "x".repeat(i % 7) + i;
            f.file(ALPHA, data.id(), n, 0644, 1000, 1000, new byte[i]);
            names.add(n);
        }
        client.establish("linux-client");

        // What a mount does first (notes/nfs.md §2.1): PUTROOTFH, SECINFO_NO_NAME, then the server caps.
        ok(client.compound(new NfsArgs.PutRootFh(), new NfsArgs.SecInfoNoName(0)));
        CompoundRes root = ok(client.compound(new NfsArgs.PutRootFh(), new NfsArgs.GetFh(),
                new NfsArgs.GetAttr(Bitmap.of(0, 1, 2, 8, 20))));
        FileAttrs rootAttrs = attrs(root.results().get(3));
        assertThat(rootAttrs.get(FileAttr.TYPE)).isEqualTo(FileAttr.NF4DIR);
        assertThat(rootAttrs.get(FileAttr.FH_EXPIRE_TYPE)).isZero();

        // LOOKUP into the volume, then its directory.
        CompoundRes walk = ok(client.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.GetAttr(Bitmap.of(20, 55)), new NfsArgs.Lookup(Bytes.utf8("data")), new NfsArgs.GetFh()));
        FileAttrs volRoot = attrs(walk.results().get(3));
        assertThat(volRoot.get(FileAttr.FILEID)).isEqualTo(alpha.getAttributes(alpha.root()).fileNumber());
        assertThat(volRoot.get(FileAttr.MOUNTED_ON_FILEID)).isNotEqualTo(volRoot.get(FileAttr.FILEID));
        Bytes dataFh = ((NfsResult.GetFhOk) walk.results().get(5).body()).object();

        // READDIR across several pages, each entry's attributes checked against the backend.
        List<String> seen = new ArrayList<>();
        long cookie = 0;
        Bytes verf = Bytes.of(new byte[8]);
        int pages = 0;
        boolean eof = false;
        while (!eof) {
            CompoundRes page = ok(client.compound(new NfsArgs.PutFh(dataFh),
                    new NfsArgs.ReadDir(cookie, verf, 0, 1024, ATTRS)));
            NfsResult.ReadDirOk rd = (NfsResult.ReadDirOk) page.results().get(2).body();
            pages++;
            for (DirEntry e : rd.entries()) {
                String name = e.name().utf8();
                seen.add(name);
                Attributes b = alpha.lookup(data.id(), name);
                FileAttrs a = FileAttrs.decode(e.attrs(), XdrLimits.DEFAULT);
                assertThat(a.get(FileAttr.FILEID)).isEqualTo(b.fileNumber());
                assertThat(a.get(FileAttr.CHANGE)).isEqualTo(b.change());
                assertThat(a.get(FileAttr.SIZE)).isEqualTo(b.size());
                cookie = e.cookie();
            }
            verf = rd.cookieVerf();
            eof = rd.eof();
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(names);

        // GETATTR of one file: fileid and change are the backend's, and change follows a change made
        // behind NFS's back (as through S3 or SMB).
        String name = names.get(10);
        Attributes before = alpha.lookup(data.id(), name);
        CompoundRes ga = ok(client.compound(new NfsArgs.PutFh(dataFh), new NfsArgs.Lookup(Bytes.utf8(name)),
                new NfsArgs.GetAttr(ATTRS)));
        FileAttrs fa = attrs(ga.results().get(3));
        assertThat(fa.get(FileAttr.FILEID)).isEqualTo(before.fileNumber());
        assertThat(fa.get(FileAttr.CHANGE)).isEqualTo(before.change());
        assertThat(fa.get(FileAttr.NUMLINKS)).isEqualTo(before.linkCount());
        alpha.setAttributes(before.id(), SetAttributes.builder().mode(0600).build());
        Attributes after = alpha.getAttributes(before.id());
        CompoundRes ga2 = ok(client.compound(new NfsArgs.PutFh(dataFh), new NfsArgs.Lookup(Bytes.utf8(name)),
                new NfsArgs.GetAttr(ATTRS)));
        assertThat(attrs(ga2.results().get(3)).get(FileAttr.CHANGE)).isEqualTo(after.change())
                .isNotEqualTo(before.change());

        ok(client.call(new NfsArgs.DestroySession(client.sessionId())));
        ok(client.call(new NfsArgs.DestroyClientId(client.clientId())));
        assertThat(server.clients().clientCount()).isZero();
    }

    @Test
    void staleHandleAndRefusedExport() throws Exception {
        Volume alpha = f.volume(ALPHA);
        f.file(ALPHA, alpha.root(), "doomed", 0644, 1000, 1000, new byte[0]);
        client.establish("linux-client");
        CompoundRes fh = ok(client.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("doomed")), new NfsArgs.GetFh()));
        Bytes doomed = ((NfsResult.GetFhOk) fh.results().get(4).body()).object();
        alpha.remove(alpha.root(), "doomed", RemoveKind.NOT_DIRECTORY);
        CompoundRes stale = client.compound(new NfsArgs.PutFh(doomed), new NfsArgs.GetAttr(ATTRS));
        assertThat(stale.status()).isEqualTo(NfsStatus.STALE);
        assertThat(stale.results()).hasSize(2);

        CompoundRes refused = client.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(BETA)));
        assertThat(refused.status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(registry.get("estuary.nfs.requests").tag("op", "lookup").tag("status", "ACCESS").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("estuary.nfs.requests").tag("op", "putfh").tag("status", "STALE").counter().count())
                .isEqualTo(1.0);
        // The pseudo-root lists only what this client may mount.
        CompoundRes list = ok(client.compound(new NfsArgs.PutRootFh(),
                new NfsArgs.ReadDir(0, Bytes.of(new byte[8]), 0, 4096, Bitmap.of(20))));
        assertThat(((NfsResult.ReadDirOk) list.results().get(2).body()).entries()).extracting(e -> e.name().utf8())
                .containsExactly(ALPHA);
    }

    @Test
    void retransmittedSequenceIsAnsweredFromTheReplyCache() throws Exception {
        Volume alpha = f.volume(ALPHA);
        Attributes a = f.file(ALPHA, alpha.root(), "f", 0644, 1000, 1000, new byte[0]);
        client.establish("linux-client");
        byte[] request = client.sequenced(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("f")), new NfsArgs.GetAttr(Bitmap.of(3)));
        CompoundRes first = ok(client.exchange(request));
        // Changed meanwhile: evaluating the request again would answer another change attribute.
        alpha.setAttributes(a.id(), SetAttributes.builder().mode(0600).build());
        CompoundRes retry = client.exchange(request);
        assertThat(retry).isEqualTo(first);
        assertThat(attrs(retry.results().get(4)).get(FileAttr.CHANGE)).isEqualTo(a.change());

        // A sequence id that skips one is misordered; the next one is evaluated afresh.
        CompoundRes skipped = client.exchange(client.sequencedAs(9, new NfsArgs.PutRootFh()));
        assertThat(skipped.status()).isEqualTo(NfsStatus.SEQ_MISORDERED);
        CompoundRes fresh = ok(client.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("f")), new NfsArgs.GetAttr(Bitmap.of(3))));
        assertThat(attrs(fresh.results().get(4)).get(FileAttr.CHANGE)).isEqualTo(alpha.getAttributes(a.id()).change());
    }

    @Test
    void sessionRulesAtTheCompoundLevel() throws Exception {
        CompoundRes outside = client.call(new NfsArgs.PutRootFh());
        assertThat(outside.status()).isEqualTo(NfsStatus.OP_NOT_IN_SESSION);
        client.establish("linux-client");
        CompoundRes notOnly = client.call(new NfsArgs.DestroyClientId(client.clientId()), new NfsArgs.PutRootFh());
        assertThat(notOnly.status()).isEqualTo(NfsStatus.NOT_ONLY_OP);
        CompoundRes twice = client.compound(new NfsArgs.PutRootFh(), new NfsArgs.Sequence(client.sessionId(), 1, 0, 0,
                false));
        assertThat(twice.status()).isEqualTo(NfsStatus.SEQUENCE_POS);
        // A valid operation not served is NOTSUPP, never OP_ILLEGAL; at minor version 1, where the NFSv4.2
        // operation does not exist, it is OP_ILLEGAL.
        CompoundRes offloadAt41 = client.compound(new NfsArgs.PutRootFh(), new NfsArgs.OffloadStatus(
                new dev.estuary.nfs.internal.codec.Types.Stateid(1, Bytes.of(new byte[12]))));
        assertThat(offloadAt41.status()).isEqualTo(NfsStatus.OP_ILLEGAL);
        client.minorVersion(2);
        CompoundRes offload = client.compound(new NfsArgs.PutRootFh(), new NfsArgs.OffloadStatus(
                new dev.estuary.nfs.internal.codec.Types.Stateid(1, Bytes.of(new byte[12]))));
        assertThat(offload.status()).isEqualTo(NfsStatus.NOTSUPP);
        assertThat(offload.results().getLast().op()).isEqualTo(OpCode.OFFLOAD_STATUS);
        // Too many operations for the session's ca_maxoperations (8, what Linux asks).
        NfsArgs[] nine = new NfsArgs[8];
        java.util.Arrays.fill(nine, new NfsArgs.PutRootFh());
        CompoundRes many = client.compound(nine);
        assertThat(many.status()).isEqualTo(NfsStatus.TOO_MANY_OPS);
    }
}

package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ReadPlusContent;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.ops.SeekOp;
import dev.estuary.nfs.internal.ops.WriteOp;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data path over TCP through the test client against the real server and engine, at minor version 2:
 * 1 MiB UNSTABLE WRITEs + COMMIT read back byte-exact, the write verifier across a restart, a sparse file
 * seen through SEEK, READ_PLUS and DEALLOCATE, and COPY.
 */
class NfsDataPathTest {
    static final int MIB = 1 << 20;

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
        startServer();
    }

    private void startServer() throws Exception {
        server = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("nfs-data-path-test")), f.dfs, f.users, f.checker, f.clock, executor,
                new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
        server.start();
        client = new NfsTestClient(server.localAddress(), 1000, 1000).minorVersion(2).cacheThis(false);
        client.establish("linux-client");
    }

    private void stopServer() throws Exception {
        client.close();
        server.close();
    }

    @AfterEach
    void stop() throws Exception {
        stopServer();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        f.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    Bytes newFile(String name) throws Exception {
        Volume alpha = f.volume(ALPHA);
        f.file(ALPHA, alpha.root(), name, 0644, 1000, 1000, new byte[0]);
        return client.fileHandle(ALPHA, name);
    }

    /** Reads the whole file with READs of {@code chunk} bytes until eof. */
    byte[] readAll(Bytes fh, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            NfsResult.ReadOk r = client.read(fh, out.size(), chunk);
            out.write(r.data().toArray());
            if (r.eof()) {
                return out.toByteArray();
            }
            assertThat(r.data().length()).as("a READ before eof returns data").isPositive();
        }
    }

    @Test
    void eightMibInUnstableWritesThenCommitReadBackAndTheVerifierAcrossARestart() throws Exception {
        Bytes fh = newFile("big");
        byte[] data = random(8 * MIB, 42);
        Bytes verifier = null;
        for (int i = 0; i < 8; i++) {
            NfsResult.WriteOk w = client.write(fh, (long) i * MIB, WriteOp.UNSTABLE,
                    Arrays.copyOfRange(data, i * MIB, (i + 1) * MIB));
            assertThat(w.count()).isEqualTo(MIB);
            assertThat(w.committed()).isEqualTo(WriteOp.UNSTABLE);
            if (verifier == null) {
                verifier = w.writeVerifier();
            }
            // The same verifier for every WRITE of one server instance.
            assertThat(w.writeVerifier()).isEqualTo(verifier);
        }
        assertThat(client.commit(fh)).isEqualTo(verifier).isEqualTo(server.writeVerifier().value());
        byte[] back = readAll(fh, MIB);
        assertThat(back).hasSize(8 * MIB);
        assertThat(sha256(back)).isEqualTo(sha256(data));

        // A FILE_SYNC write says so, with the same verifier.
        NfsResult.WriteOk sync = client.write(fh, 0, WriteOp.FILE_SYNC, Arrays.copyOf(data, 4096));
        assertThat(sync.committed()).isEqualTo(WriteOp.FILE_SYNC);
        assertThat(sync.writeVerifier()).isEqualTo(verifier);

        // A new server instance on the same data (the engine reopened): the committed bytes are there, and
        // the verifier is another, so a client knows to resend what it had not committed.
        stopServer();
        f.close();
        f = EngineFixture.reopen(tmp);
        startServer();
        Bytes again = client.fileHandle(ALPHA, "big");
        assertThat(again).isEqualTo(fh);
        assertThat(sha256(readAll(again, MIB))).isEqualTo(sha256(data));
        NfsResult.WriteOk after = client.write(again, 0, WriteOp.UNSTABLE, Arrays.copyOf(data, 10));
        assertThat(after.writeVerifier()).isNotEqualTo(verifier);
        assertThat(client.commit(again)).isEqualTo(after.writeVerifier());
    }

    @Test
    void sparseFileThroughSeekReadPlusAndDeallocate() throws Exception {
        Bytes fh = newFile("sparse");
        byte[] one = random(MIB, 1);
        byte[] five = random(MIB, 5);
        client.write(fh, MIB, WriteOp.UNSTABLE, one);
        client.write(fh, 5L * MIB, WriteOp.UNSTABLE, five);
        long size = 6L * MIB;
        // space_used counts the 2 MiB of data, not the holes.
        long used = spaceUsed(fh);
        assertThat(used).isBetween(2L * MIB, 3L * MIB);

        assertThat(seek(fh, 0, SeekOp.CONTENT_DATA)).isEqualTo(new NfsResult.SeekOk(false, MIB));
        assertThat(seek(fh, MIB, SeekOp.CONTENT_HOLE)).isEqualTo(new NfsResult.SeekOk(false, 2L * MIB));
        assertThat(seek(fh, 2L * MIB, SeekOp.CONTENT_DATA)).isEqualTo(new NfsResult.SeekOk(false, 5L * MIB));
        assertThat(seek(fh, 5L * MIB, SeekOp.CONTENT_HOLE)).isEqualTo(new NfsResult.SeekOk(true, size));
        assertThat(client.compound(new NfsArgs.PutFh(fh), new NfsArgs.Seek(Stateid.ANONYMOUS, size,
                SeekOp.CONTENT_DATA)).status()).isEqualTo(NfsStatus.NXIO);

        // READ_PLUS over [0, 1 MiB + 4 KiB): the hole, then data.
        NfsResult.ReadPlusOk rp = readPlus(fh, 0, MIB + 4096);
        assertThat(rp.eof()).isFalse();
        assertThat(rp.contents()).containsExactly(new ReadPlusContent.Hole(0, MIB),
                new ReadPlusContent.Data(MIB, Bytes.of(Arrays.copyOf(one, 4096))));
        // Over the hole between the two: one hole segment, no zeros sent.
        NfsResult.ReadPlusOk gap = readPlus(fh, 2L * MIB, MIB);
        assertThat(gap.contents()).containsExactly(new ReadPlusContent.Hole(2L * MIB, MIB));
        // The last data to the end: eof.
        NfsResult.ReadPlusOk last = readPlus(fh, 5L * MIB + MIB / 2, MIB);
        assertThat(last.eof()).isTrue();
        assertThat(last.contents()).containsExactly(new ReadPlusContent.Data(5L * MIB + MIB / 2,
                Bytes.of(Arrays.copyOfRange(five, MIB / 2, MIB))));

        // DEALLOCATE the first data: SEEK_DATA from 0 now finds the second, the size stays.
        client.ok(new NfsArgs.PutFh(fh), new NfsArgs.Deallocate(Stateid.ANONYMOUS, MIB, MIB));
        assertThat(seek(fh, 0, SeekOp.CONTENT_DATA)).isEqualTo(new NfsResult.SeekOk(false, 5L * MIB));
        assertThat(client.read(fh, MIB, 4096).data()).isEqualTo(Bytes.of(new byte[4096]));
        assertThat(spaceUsed(fh)).isLessThanOrEqualTo(used - MIB);
        // ALLOCATE past the end grows the file; the reserved range reads as zeros.
        client.ok(new NfsArgs.PutFh(fh), new NfsArgs.Allocate(Stateid.ANONYMOUS, size, MIB));
        NfsResult.ReadOk tail = client.read(fh, size, MIB);
        assertThat(tail.data()).isEqualTo(Bytes.of(new byte[MIB]));
        assertThat(tail.eof()).isTrue();
    }

    @Test
    void copyOfThreeMibIsByteExact() throws Exception {
        Bytes src = newFile("src");
        byte[] data = random(3 * MIB, 3);
        for (int i = 0; i < 3; i++) {
            client.write(src, (long) i * MIB, WriteOp.UNSTABLE, Arrays.copyOfRange(data, i * MIB, (i + 1) * MIB));
        }
        Bytes dst = newFile("dst");
        CompoundRes res = client.ok(new NfsArgs.PutFh(src), new NfsArgs.SaveFh(), new NfsArgs.PutFh(dst),
                new NfsArgs.Copy(Stateid.ANONYMOUS, Stateid.ANONYMOUS, 0, 0, 0, true, true, List.of()));
        NfsResult.CopyOk copy = (NfsResult.CopyOk) res.results().getLast().body();
        assertThat(copy.response().count()).isEqualTo(3L * MIB);
        assertThat(copy.response().callbackId()).isNull();
        assertThat(copy.requirements().synchronous()).isTrue();
        assertThat(copy.response().writeVerifier()).isEqualTo(client.commit(dst));
        assertThat(sha256(readAll(dst, MIB))).isEqualTo(sha256(data));
    }

    long spaceUsed(Bytes fh) throws Exception {
        CompoundRes res = client.ok(new NfsArgs.PutFh(fh), new NfsArgs.GetAttr(Bitmap.of(FileAttr.SPACE_USED.number())));
        FileAttrs a = FileAttrs.decode(((NfsResult.GetAttrOk) res.results().getLast().body()).attributes(),
                XdrLimits.DEFAULT);
        return a.get(FileAttr.SPACE_USED);
    }

    NfsResult.SeekOk seek(Bytes fh, long offset, int what) throws Exception {
        CompoundRes res = client.ok(new NfsArgs.PutFh(fh), new NfsArgs.Seek(Stateid.ANONYMOUS, offset, what));
        return (NfsResult.SeekOk) res.results().getLast().body();
    }

    NfsResult.ReadPlusOk readPlus(Bytes fh, long offset, int count) throws Exception {
        CompoundRes res = client.ok(new NfsArgs.PutFh(fh), new NfsArgs.ReadPlus(Stateid.ANONYMOUS, offset, count));
        return (NfsResult.ReadPlusOk) res.results().getLast().body();
    }
}

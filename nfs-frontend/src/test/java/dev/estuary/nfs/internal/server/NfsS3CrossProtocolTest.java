package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Authorizer;
import dev.estuary.core.Endpoint;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.Permission;
import dev.estuary.core.RequestMetrics;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.S3Credentials;
import dev.estuary.core.Secret;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import dev.estuary.s3.S3Frontend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * NFS and S3 on one backend: the NFS server and the S3 frontend run on the same engine, an NFS client and the
 * AWS SDK work on the same file. A file replaced through S3 is seen over NFS with a new change attribute (RFC
 * 8881 §5.8.1.4: change moves whenever the object's data changes, whoever changed it), so a Linux client's
 * cache revalidation notices it. An S3 PUT publishes a new object under the key: the NFS handle of the old
 * one is then NFS4ERR_STALE (§15.1.2.7) and the name, looked up again, leads to the new data.
 */
class NfsS3CrossProtocolTest {
    static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("ESTUARYNFSS3CROSS001",
            "nfs-s3-cross-protocol-secret-key-000001");

    @TempDir
    Path tmp;
    EngineFixture f;
    ExecutorService executor;
    NfsServer nfs;
    RunningFrontend s3;
    NfsTestClient client;
    S3Client sdk;

    @BeforeEach
    void start() throws Exception {
        f = new EngineFixture(tmp);
        executor = Executors.newFixedThreadPool(4);
        nfs = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("nfs-s3-cross-test")), f.dfs, f.users, f.checker, f.clock, executor,
                new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
        nfs.start();
        // The same person over both protocols: uid 1000 over AUTH_SYS, and an S3 user with uid 1000.
        f.users.add("alice", "alice-password", OptionalInt.of(1000), OptionalInt.of(1000), false,
                new S3Credentials(KEYS.accessKeyId(), new Secret(KEYS.secretAccessKey())));
        f.users.grant("alice", ALPHA, Permission.WRITE);
        // SigV4 compares the request's time with the server's: the S3 frontend runs on the system clock.
        s3 = new S3Frontend().start(new FrontendContext(f.dfs, GatewayConfig.defaults(), f.users, new Authorizer(),
                new SimpleMeterRegistry(), Clock.systemUTC(), executor, InetAddress.getByName("127.0.0.1"), 0));
        Endpoint e = s3.endpoints().getFirst();
        sdk = S3Client.builder().endpointOverride(URI.create(e.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(KEYS)).forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build();
        client = new NfsTestClient(nfs.localAddress(), 1000, 1000);
        client.establish("linux-host");
        client.minorVersion(2);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        sdk.close();
        s3.stop(Duration.ZERO);
        nfs.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        f.close();
    }

    /** GETATTR change and fileid of the current file, after {@code walk}. */
    FileAttrs changeAndFileid(NfsArgs... walk) throws Exception {
        NfsArgs[] ops = java.util.Arrays.copyOf(walk, walk.length + 1);
        ops[walk.length] = new NfsArgs.GetAttr(Bitmap.of(FileAttr.CHANGE.number(), FileAttr.FILEID.number()));
        CompoundRes res = client.ok(ops);
        return FileAttrs.decode(((NfsResult.GetAttrOk) res.results().getLast().body()).attributes(), XdrLimits.DEFAULT);
    }

    @Test
    void aFileReplacedThroughS3HasANewChangeAttributeOverNfs() throws Exception {
        Volume alpha = f.volume(ALPHA);
        alpha.mkdir(alpha.root(), "data", 0755, new Ownership(1000, 1000));
        sdk.putObject(b -> b.bucket(ALPHA).key("data/report.csv"), RequestBody.fromString("version 1\n"));

        Bytes old = client.fileHandle(ALPHA, "data", "report.csv");
        FileAttrs before = changeAndFileid(new NfsArgs.PutFh(old));
        assertThat(new String(client.read(old, 0, 100).data().toArray(), StandardCharsets.UTF_8))
                .isEqualTo("version 1\n");
        // Unchanged, it answers the same change twice (what lets a client keep its cache).
        assertThat(changeAndFileid(new NfsArgs.PutFh(old)).get(FileAttr.CHANGE)).isEqualTo(before.get(FileAttr.CHANGE));

        sdk.putObject(b -> b.bucket(ALPHA).key("data/report.csv"), RequestBody.fromString("version 2, longer\n"));

        // Revalidating through the old handle: the object it named is gone.
        CompoundRes stale = client.compound(new NfsArgs.PutFh(old),
                new NfsArgs.GetAttr(Bitmap.of(FileAttr.CHANGE.number())));
        assertThat(stale.status()).isEqualTo(NfsStatus.STALE);
        // The name leads to the new data, with another change attribute.
        FileAttrs after = changeAndFileid(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("data")), new NfsArgs.Lookup(Bytes.utf8("report.csv")));
        assertThat(after.get(FileAttr.CHANGE)).isNotEqualTo(before.get(FileAttr.CHANGE));
        assertThat(after.get(FileAttr.FILEID)).isNotEqualTo(before.get(FileAttr.FILEID));
        Bytes now = client.fileHandle(ALPHA, "data", "report.csv");
        assertThat(new String(client.read(now, 0, 100).data().toArray(), StandardCharsets.UTF_8))
                .isEqualTo("version 2, longer\n");
    }
}

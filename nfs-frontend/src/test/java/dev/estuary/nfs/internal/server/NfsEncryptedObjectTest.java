package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Authorizer;
import dev.estuary.core.BackendConfig;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.Permission;
import dev.estuary.core.RequestMetrics;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.S3Credentials;
import dev.estuary.core.Secret;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import dev.estuary.s3.S3Frontend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * An object S3 encrypted (SSE-S3) seen over NFS: its name and attributes are visible, but READ,
 * WRITE and a truncating SETATTR are NFS4ERR_ACCESS (the backend's decorator refuses to open or
 * resize S3-encrypted objects: NFS would read ciphertext or corrupt it), and the object is intact
 * for S3 afterwards. A plain object next to it reads normally.
 */
class NfsEncryptedObjectTest {
    static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("ESTUARYNFSSSE0000001",
            "nfs-sse-encrypted-object-secret-key-0001");

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
        f = new EngineFixture(tmp.resolve("engine"));
        executor = Executors.newFixedThreadPool(4);
        nfs = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("nfs-sse-test")), f.dfs, f.users, f.checker, f.clock, executor,
                new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
        nfs.start();
        f.users.add("alice", "alice-password", OptionalInt.of(1000), OptionalInt.of(1000), false,
                new S3Credentials(KEYS.accessKeyId(), new Secret(KEYS.secretAccessKey())));
        f.users.grant("alice", ALPHA, Permission.WRITE);
        // The SSE-S3 master key file goes to this data directory.
        GatewayConfig config = new GatewayConfig(tmp.resolve("data"), "127.0.0.1", 0,
                new BackendConfig("engine", Map.of()), FrontendSelection.ALL, Map.of(), "warn");
        s3 = new S3Frontend().start(new FrontendContext(f.dfs, config, f.users, new Authorizer(),
                new SimpleMeterRegistry(), Clock.systemUTC(), executor, InetAddress.getByName("127.0.0.1"), 0));
        sdk = S3Client.builder().endpointOverride(URI.create(s3.endpoints().getFirst().url()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(KEYS))
                .forcePathStyle(true).overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build();
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

    @Test
    void anEncryptedObjectIsRefusedOverNfsAndStaysIntact() throws Exception {
        sdk.putObject(b -> b.bucket(ALPHA).key("secret.txt").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString("encrypted at rest\n"));
        sdk.putObject(b -> b.bucket(ALPHA).key("plain.txt"), RequestBody.fromString("plain\n"));
        Bytes secret = client.fileHandle(ALPHA, "secret.txt");

        CompoundRes read = client.compound(new NfsArgs.PutFh(secret), new NfsArgs.Read(Stateid.ANONYMOUS, 0, 100));
        assertThat(read.status()).isEqualTo(NfsStatus.ACCESS);
        CompoundRes write = client.compound(new NfsArgs.PutFh(secret),
                new NfsArgs.Write(Stateid.ANONYMOUS, 0, 2, Bytes.utf8("overwritten")));
        assertThat(write.status()).isEqualTo(NfsStatus.ACCESS);
        FileAttrs.Builder size = FileAttrs.builder();
        size.set(FileAttr.SIZE, 0L);
        CompoundRes truncate = client.compound(new NfsArgs.PutFh(secret),
                new NfsArgs.SetAttr(Stateid.ANONYMOUS, size.build().encode()));
        assertThat(truncate.status()).isEqualTo(NfsStatus.ACCESS);

        assertThat(sdk.getObjectAsBytes(b -> b.bucket(ALPHA).key("secret.txt")).asUtf8String())
                .isEqualTo("encrypted at rest\n");
        Bytes plain = client.fileHandle(ALPHA, "plain.txt");
        assertThat(new String(client.read(plain, 0, 100).data().toArray(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("plain\n");
    }
}

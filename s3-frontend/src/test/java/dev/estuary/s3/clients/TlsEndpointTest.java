package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.ServerTls;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 port with {@code tls=on} and the certificate generated at first start: the SDK v2 with a
 * trust store holding it, the aws CLI with {@code --ca-bundle}, curl with {@code --cacert}; a
 * client that does not trust it, and plain HTTP, get nothing.
 */
class TlsEndpointTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer(Map.of("tls", "on"));

  @TempDir static Path home;
  static Path cert;

  @BeforeAll
  static void exportCertificate() {
    cert = ServerTls.directory(S3.dataDirectory().orElseThrow()).resolve(ServerTls.GENERATED_CERTIFICATE);
    assertThat(S3.endpoint().getScheme()).isEqualTo("https");
  }

  private static S3Client trustingClient(Path trusted) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(trusted)) {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      store.setCertificateEntry("estuary", c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return S3Client.builder()
        .endpointOverride(S3.endpoint())
        .region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(S3.credentials()))
        .forcePathStyle(true)
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .httpClientBuilder(Apache5HttpClient.builder().tlsTrustManagersProvider(
            tmf::getTrustManagers))
        .build();
  }

  @Test
  void sdkWithTheExportedCertificateInItsTrustStore() throws Exception {
    try (S3Client s3 = trustingClient(cert)) {
      String bucket = S3.newBucketName("tls-sdk");
      s3.createBucket(b -> b.bucket(bucket));
      s3.putObject(b -> b.bucket(bucket).key("a.txt"), RequestBody.fromString("over tls"));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("a.txt")).asUtf8String())
          .isEqualTo("over tls");
    }
  }

  @Test
  void aClientThatDoesNotTrustItAndPlainHttpGetNothing() throws Exception {
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(S3.endpoint())
        .region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(S3.credentials()))
        .forcePathStyle(true)
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build()) {
      assertThatThrownBy(s3::listBuckets).isInstanceOf(SdkClientException.class)
          .hasStackTraceContaining("PKIX path building failed");
    }
    Programs.Result plain = Programs.run(home, Map.of(), Duration.ofSeconds(30), "curl", "-sS",
        "--max-time", "10", "http://127.0.0.1:" + S3.port() + "/");
    assertThat(plain.exit()).isNotZero();
  }

  @Test
  void awsCliWithCaBundleAndCurlWithCacert() throws Exception {
    Programs.require("/usr/bin/aws", "awscli");
    Path config = home.resolve("aws-config");
    Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
    Path credentials = home.resolve("aws-credentials");
    Files.writeString(credentials, "[default]\naws_access_key_id = "
        + S3.credentials().accessKeyId() + "\naws_secret_access_key = "
        + S3.credentials().secretAccessKey() + "\n");
    Map<String, String> env = Map.of("AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_MAX_ATTEMPTS", "1",
        "AWS_PAGER", "");
    String bucket = S3.newBucketName("tls-cli");
    aws(env, "s3", "mb", "s3://" + bucket).ok();
    Path up = home.resolve("up.bin");
    String sha = Trees.writeRandomFile(up, 1024 * 1024 + 7, 3);
    aws(env, "s3", "cp", up.toString(), "s3://" + bucket + "/up.bin").ok();
    Path down = home.resolve("down.bin");
    aws(env, "s3", "cp", "s3://" + bucket + "/up.bin", down.toString()).ok();
    assertThat(Trees.sha256(down)).isEqualTo(sha);
    assertThat(aws(env, "s3", "ls", "s3://" + bucket).ok().stdout()).contains("up.bin");

    // Without the bundle the CLI refuses the self-signed certificate.
    List<String> bare = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url",
        S3.endpoint().toString(), "s3", "ls"));
    Programs.Result refused = Programs.run(home, env, Duration.ofMinutes(2),
        bare.toArray(String[]::new));
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.stderr()).containsIgnoringCase("certificate");

    // curl fetches a presigned https URL trusting only the exported certificate.
    try (S3Presigner p = S3Presigner.builder().endpointOverride(S3.endpoint())
        .region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(S3.credentials()))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build()) {
      URI url = p.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket(bucket).key("up.bin"))).url().toURI();
      Path fetched = home.resolve("curl.bin");
      Programs.run(home, Map.of(), Duration.ofMinutes(1), "curl", "-sSf", "--cacert",
          cert.toString(), "-o", fetched.toString(), url.toString()).ok();
      assertThat(Trees.sha256(fetched)).isEqualTo(sha);
      Programs.Result untrusted = Programs.run(home, Map.of(), Duration.ofMinutes(1), "curl",
          "-sSf", "-o", "/dev/null", url.toString());
      assertThat(untrusted.exit()).isEqualTo(60); // CURLE_PEER_FAILED_VERIFICATION
    }
    assertThat(new String(Files.readAllBytes(cert), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  private static Programs.Result aws(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url",
        S3.endpoint().toString(), "--ca-bundle", cert.toString(), "--no-cli-pager"));
    cmd.addAll(List.of(args));
    return Programs.run(home, env, Duration.ofMinutes(2), cmd.toArray(String[]::new));
  }
}

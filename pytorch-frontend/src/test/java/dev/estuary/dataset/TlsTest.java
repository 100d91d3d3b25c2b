package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dataset.proto.DatasetServiceGrpc;
import dev.estuary.dataset.proto.StatRequest;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with {@code dataset.tls-cert}/{@code dataset.tls-key}: a TLS client that trusts the
 * certificate is served, a plaintext client is not. The certificate is made with the JDK's keytool.
 */
class TlsTest {
  @TempDir Path tmp;

  @Test
  void servesTlsOnlyWhenConfigured() throws Exception {
    Path cert = tmp.resolve("tls.crt");
    Path key = tmp.resolve("tls.key");
    selfSigned(cert, key);
    try (DatasetFixture f = new DatasetFixture(tmp, Map.of("tls-cert", cert.toString(), "tls-key", key.toString()))) {
      f.write("a/b.bin", 42);
      assertThat(f.server.endpoints().get(0).url()).startsWith("grpcs://127.0.0.1:");
      ManagedChannel tls = Grpc.newChannelBuilderForAddress("127.0.0.1", f.server.port(),
          TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build()).build();
      try {
        long size = DatasetServiceGrpc.newBlockingStub(tls).withInterceptors(DatasetFixture.auth(f.aliceToken))
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .stat(StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath("a/b.bin").build()).getSize();
        assertThat(size).isEqualTo(42);
      } finally {
        tls.shutdownNow();
      }
      assertThatThrownBy(() -> f.blocking(f.aliceToken)
          .stat(StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath("a/b.bin").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  /** A self-signed certificate for 127.0.0.1 from keytool, exported as PEM files. */
  private void selfSigned(Path cert, Path key) throws Exception {
    Path ks = tmp.resolve("ks.p12");
    Path keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool");
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "tls", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit"))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("keytool: %s", out).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(ks.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    PrivateKey pk = (PrivateKey) store.getKey("tls", "changeit".toCharArray());
    Certificate c = store.getCertificate("tls");
    Files.writeString(cert, pem("CERTIFICATE", c.getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", pk.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}

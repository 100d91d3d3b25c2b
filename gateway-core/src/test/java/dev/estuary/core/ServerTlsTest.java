package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated and configured certificates of TLS listeners. */
class ServerTlsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");
  @TempDir Path tmp;

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  private static List<String> altNames(X509Certificate c) throws Exception {
    List<String> out = new ArrayList<>();
    for (List<?> e : c.getSubjectAlternativeNames()) {
      out.add(e.get(0) + ":" + e.get(1));
    }
    return out;
  }

  @Test
  void generatesOnceWithLoopbackNamesAndAPrivateKeyThenReuses() throws Exception {
    Path dir = ServerTls.directory(tmp);
    ServerTls first = ServerTls.generated(dir, List.of("s3.example.com", "10.1.2.3"), at(NOW),
        new SecureRandom());
    assertThat(first.generated()).isTrue();
    assertThat(altNames(first.leaf())).containsExactlyInAnyOrder("2:localhost", "7:127.0.0.1",
        "7:0:0:0:0:0:0:0:1", "2:s3.example.com", "7:10.1.2.3");
    assertThat(Files.getPosixFilePermissions(dir.resolve(ServerTls.GENERATED_KEY)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(first.leaf().getNotBefore().toInstant()).isBefore(NOW);
    assertThat(first.leaf().getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(800)));
    assertThat(first.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

    ServerTls again = ServerTls.generated(dir, List.of("S3.EXAMPLE.COM"), at(NOW.plusSeconds(60)),
        new SecureRandom());
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(again.certificateFile()).isEqualTo(dir.resolve(ServerTls.GENERATED_CERTIFICATE));
  }

  @Test
  void aNewNameOrNearExpiryReplacesItKeepingTheOldNames() throws Exception {
    Path dir = ServerTls.directory(tmp);
    ServerTls first = ServerTls.generated(dir, List.of("a.example"), at(NOW), new SecureRandom());
    ServerTls wider = ServerTls.generated(dir, List.of("b.example"), at(NOW), new SecureRandom());
    assertThat(wider.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(altNames(wider.leaf())).contains("2:a.example", "2:b.example", "2:localhost");
    ServerTls late = ServerTls.generated(dir, List.of(), at(NOW.plus(Duration.ofDays(800))),
        new SecureRandom());
    assertThat(late.fingerprint()).isNotEqualTo(wider.fingerprint());
    assertThat(late.leaf().getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(1600)));
  }

  @Test
  void autoIsPlainOnLoopbackAndTlsElsewhere() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    InetAddress any = InetAddress.getByName("0.0.0.0");
    assertThat(ServerTls.forListener("s3", ServerTls.Mode.AUTO, null, null, loopback, tmp,
        List.of(), at(NOW))).isEmpty();
    assertThat(Files.exists(ServerTls.directory(tmp))).isFalse();
    Optional<ServerTls> on = ServerTls.forListener("s3", ServerTls.Mode.AUTO, null, null, any, tmp,
        List.of(), at(NOW));
    assertThat(on).isPresent();
    assertThat(ServerTls.forListener("s3", ServerTls.Mode.ON, null, null, loopback, tmp, List.of(),
        at(NOW)).orElseThrow().fingerprint()).isEqualTo(on.get().fingerprint());
    assertThat(ServerTls.forListener("s3", ServerTls.Mode.OFF, null, null, any, tmp, List.of(),
        at(NOW))).isEmpty();
    assertThat(ServerTls.Mode.parse(" On ")).isEqualTo(ServerTls.Mode.ON);
    assertThatThrownBy(() -> ServerTls.Mode.parse("yes"))
        .hasMessage("TLS mode: 'yes' (expected: auto, on or off)");
  }

  @Test
  void configuredFilesAreReadAndAMismatchedKeyRefused() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    ServerTls.generated(a, List.of(), at(NOW), new SecureRandom());
    ServerTls.generated(b, List.of(), at(NOW), new SecureRandom());
    Path certA = a.resolve(ServerTls.GENERATED_CERTIFICATE);
    Path keyA = a.resolve(ServerTls.GENERATED_KEY);
    ServerTls configured = ServerTls.forListener("s3", ServerTls.Mode.ON, certA, keyA,
        InetAddress.getByName("127.0.0.1"), tmp, List.of(), at(NOW)).orElseThrow();
    assertThat(configured.generated()).isFalse();
    assertThat(configured.describe()).startsWith("TLS, certificate " + certA + " SHA-256 ");
    assertThatThrownBy(() -> ServerTls.fromFiles(certA, b.resolve(ServerTls.GENERATED_KEY)))
        .hasMessageContaining("does not belong to the certificate in " + certA);
    assertThatThrownBy(() -> ServerTls.forListener("s3", ServerTls.Mode.ON, certA, null,
        InetAddress.getByName("127.0.0.1"), tmp, List.of(), at(NOW)))
        .hasMessage("s3: TLS certificate and key: only the certificate is configured (expected:"
            + " both tls-cert and tls-key, or neither)");
    assertThatThrownBy(() -> ServerTls.fromFiles(keyA, keyA))
        .hasMessageContaining("cannot be read").hasMessageContaining("expected: a PEM certificate chain");
  }
}

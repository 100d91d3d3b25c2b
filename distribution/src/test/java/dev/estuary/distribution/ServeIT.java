package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estuary serve} as a user runs it: starts on an empty directory, prints its endpoints,
 * serves Prometheus text with engine metrics and health, and exits 0 on SIGTERM (issue 2, the bar).
 */
class ServeIT {
  private static final Pattern ADMIN_URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern S3_URL = Pattern.compile("^s3\\s+(http://\\S+)");
  private static final Pattern SMB_URL = Pattern.compile("^smb\\s+smb://127\\.0\\.0\\.1:(\\d+)");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void serve_emptyDirectory_printsEndpointsServesMetricsAndExitsZeroOnSigterm(@TempDir Path tmp)
      throws Exception {
    Path data = tmp.resolve("data");
    try (EstuaryProcess server = EstuaryProcess.start(Map.of(),
        "serve", "--data", data.toString(), "--bind", "127.0.0.1", "--admin-port", "0",
        "--s3-port", "0")) {
      String line = server.awaitStdout(l -> ADMIN_URL.matcher(l).find(), Duration.ofSeconds(60));
      Matcher m = ADMIN_URL.matcher(line);
      assertThat(m.find()).isTrue();
      String admin = m.group(1);

      HttpResponse<String> metrics = get(admin + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("text/plain"));
      assertThat(metrics.body()).contains("# TYPE").contains("estuary_engine");

      // The S3 frontend is in the build: its endpoint is printed. An unsigned request is the
      // anonymous principal, which owns and holds nothing: ListBuckets answers an empty list (as
      // Ceph RGW; it reveals nothing), a bucket operation an S3 error document.
      String s3Line = server.awaitStdout(l -> S3_URL.matcher(l).find(), Duration.ofSeconds(60));
      Matcher s3 = S3_URL.matcher(s3Line);
      assertThat(s3.find()).isTrue();
      HttpResponse<String> anonymous = get(s3.group(1) + "/");
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.body()).contains("<ListAllMyBucketsResult").doesNotContain("<Bucket>");
      assertThat(anonymous.headers().firstValue("x-amz-request-id")).isPresent();
      HttpResponse<String> bucket = get(s3.group(1) + "/photos?location");
      assertThat(bucket.statusCode()).isEqualTo(404);
      assertThat(bucket.body()).contains("<Code>NoSuchBucket</Code>");

      HttpResponse<String> health = get(admin + "/health");
      assertThat(health.statusCode()).isEqualTo(200);

      // First start without ESTUARY_ADMIN_*: random admin credentials, kept in a 0600 file.
      Path credentials = data.resolve("admin-credentials");
      assertThat(credentials).exists();
      assertThat(Files.getPosixFilePermissions(credentials))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

      assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(0);
    }
  }

  @Test
  void serve_smbFrontendListsSharesToAUserWithItsPassword(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    Map<String, String> env = Map.of("ESTUARY_ADMIN_USER", "smb-admin", "ESTUARY_ADMIN_PASSWORD",
        "Smb-Passw0rd-1", "ESTUARY_ADMIN_ACCESS_KEY", "AKIAESTUARYTEST0002", "ESTUARY_ADMIN_SECRET_KEY",
        "smb-secret-Value-0002");
    try (EstuaryProcess server = EstuaryProcess.start(env, "serve", "--data", data.toString(), "--bind",
        "127.0.0.1", "--admin-port", "0", "--s3-port", "0")) {
      // The SMB frontend is in the build (port 0 in tests): its endpoint is printed and smbclient lists
      // IPC$ over a signed SMB 3.1.1 session of the admin.
      Matcher smb = SMB_URL.matcher(server.awaitStdout(l -> SMB_URL.matcher(l).find(), Duration.ofSeconds(60)));
      assertThat(smb.find()).isTrue();
      Path conf = tmp.resolve("smb.conf");
      Files.writeString(conf, "[global]\n");
      Process p = new ProcessBuilder("/usr/bin/smbclient", "-s", conf.toString(), "-p", smb.group(1), "-L",
          "//127.0.0.1", "-U", "smb-admin%Smb-Passw0rd-1", "-m", "SMB3_11", "--client-protection=sign")
          .redirectErrorStream(true).start();
      assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(out).containsPattern("(?m)^\\s+IPC\\$\\s+IPC");
      assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(0);
    }
  }

  @Test
  void serve_adminFromEnvironment_secretNeverPrinted(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    Map<String, String> env = Map.of(
        "ESTUARY_ADMIN_USER", "root-admin",
        "ESTUARY_ADMIN_PASSWORD", "correct horse battery staple",
        "ESTUARY_ADMIN_ACCESS_KEY", "AKIAESTUARYTEST0001",
        "ESTUARY_ADMIN_SECRET_KEY", "s3cr3t-Value-That-Must-Not-Leak");
    try (EstuaryProcess server = EstuaryProcess.start(env,
        "serve", "--data", data.toString(), "--bind", "127.0.0.1", "--admin-port", "0",
        "--s3-port", "0")) {
      server.awaitStdout(l -> ADMIN_URL.matcher(l).find(), Duration.ofSeconds(60));
      assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(0);
      assertThat(String.join("\n", server.stdout()) + String.join("\n", server.stderr()))
          .doesNotContain("s3cr3t-Value-That-Must-Not-Leak")
          .doesNotContain("correct horse battery staple");
    }
    EstuaryProcess.Result users = EstuaryProcess.run(Map.of(), "user", "list", "--data", data.toString());
    assertThat(users.exitCode()).isEqualTo(0);
    assertThat(String.join("\n", users.stdout())).contains("root-admin");
  }

  @Test
  void serve_badFlag_oneLineAndNonZeroExit(@TempDir Path tmp) throws Exception {
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(),
        "serve", "--data", tmp.toString(), "--no-such-flag");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).hasSize(1);
    assertThat(r.stderr().getFirst()).contains("--no-such-flag");
  }

  @Test
  void serve_dataDirectoryIsAFile_oneLineAndNonZeroExit(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(),
        "serve", "--data", file.toString(), "--admin-port", "0");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).hasSize(1);
    assertThat(r.stderr().getFirst()).contains(file.toString());
  }

  @Test
  void serve_badPort_oneLineAndNonZeroExit(@TempDir Path tmp) throws Exception {
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(),
        "serve", "--data", tmp.resolve("d").toString(), "--admin-port", "70000");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).hasSize(1);
    assertThat(r.stderr().getFirst()).contains("70000");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

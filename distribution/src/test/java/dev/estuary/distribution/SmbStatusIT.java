package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estuary status} and {@code GET /api/v1/status} list the SMB sessions of a running server with
 * their open files (issue 12, operability): smbclient (Debian) holds a signed SMB 3.1.1 session with a file
 * open while the CLI asks the server; after smbclient quits the session is gone.
 */
class SmbStatusIT {
  private static final Pattern SMB_URL = Pattern.compile("^smb\\s+smb://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern ADMIN_URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");
  private static final String USER = "smb-status";
  private static final String PASSWORD = "Status-Passw0rd-1";

  @Test
  void status_listsSmbSessionAndItsOpenFile_thenNoSessionAfterLogoff(@TempDir Path tmp) throws Exception {
    String data = tmp.resolve("data").toString();
    assertThat(EstuaryProcess.run(Map.of(), "volume", "create", "media", "--data", data).exitCode()).isZero();
    Map<String, String> env = Map.of("ESTUARY_ADMIN_USER", USER, "ESTUARY_ADMIN_PASSWORD", PASSWORD,
        "ESTUARY_ADMIN_ACCESS_KEY", "AKIAESTUARYTEST0012", "ESTUARY_ADMIN_SECRET_KEY", "status-secret-Value-12");
    try (EstuaryProcess server = EstuaryProcess.start(env, "serve", "--data", data, "--bind", "127.0.0.1",
        "--admin-port", "0", "--frontends", "smb")) {
      Matcher smb = SMB_URL.matcher(server.awaitStdout(l -> SMB_URL.matcher(l).find(), Duration.ofSeconds(60)));
      assertThat(smb.find()).isTrue();
      Matcher admin = ADMIN_URL.matcher(server.awaitStdout(l -> ADMIN_URL.matcher(l).find(),
          Duration.ofSeconds(60)));
      assertThat(admin.find()).isTrue();
      Path conf = Files.writeString(tmp.resolve("smb.conf"), "[global]\n");
      Path local = Files.writeString(tmp.resolve("notes.txt"), "status test\n");
      Process put = new ProcessBuilder("/usr/bin/smbclient", "-s", conf.toString(), "-p", smb.group(1),
          "//127.0.0.1/media", "-U", USER + "%" + PASSWORD, "-m", "SMB3_11", "--client-protection=sign",
          "-c", "put " + local + " notes.txt").redirectErrorStream(true).start();
      assertThat(put.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(put.exitValue()).as(new String(put.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isZero();
      Process client = new ProcessBuilder("/usr/bin/smbclient", "-s", conf.toString(), "-p", smb.group(1),
          "//127.0.0.1/media", "-U", USER + "%" + PASSWORD, "-m", "SMB3_11", "--client-protection=sign")
          .redirectErrorStream(true).start();
      String token = Files.readString(Path.of(data, "run", "admin.json"))
          .replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      HttpRequest get = HttpRequest.newBuilder(URI.create(admin.group(1) + "/api/v1/status"))
          .header("Authorization", "Bearer " + token).build();
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      StringBuffer out = new StringBuffer();
      pump(client.getInputStream(), out);
      try {
        OutputStream in = client.getOutputStream();
        // One command line at a time: smbclient reads stdin through stdio but waits for more with select(), so
        // a second line already in its buffer would wait until the next write. Its stdout is a pipe it does
        // not flush per command, so the open is awaited on the admin API (the condition the CLI then shows).
        in.write("open notes.txt\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        HttpResponse<String> api = http.send(get, HttpResponse.BodyHandlers.ofString());
        while (!api.body().contains("\"path\":\"notes.txt\"")) {
          if (!client.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError("no open of notes.txt in " + api.body() + "; smbclient: " + out);
          }
          Thread.sleep(50);
          api = http.send(get, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"frontend\":\"smb\"").contains("\"user\":\"" + USER + "\"")
            .contains("\"protocol\":\"SMB 3.1.1\"").contains("\"locks\":0");

        EstuaryProcess.Result status = EstuaryProcess.run(Map.of(), "status", "--data", data);
        assertThat(status.exitCode()).as("stderr: %s", status.stderr()).isZero();
        String text = String.join("\n", status.stdout());
        assertThat(text).contains("sessions  1");
        assertThat(text).containsPattern("(?m)^  smb " + USER + " from 127\\.0\\.0\\.1:\\d+ SMB 3\\.1\\.1 signed"
            + " AES-(GMAC|CMAC) since \\S+, 1 open$");
        assertThat(text).containsPattern("(?m)^    media \\\\notes\\.txt access=read,write\\(0x[0-9A-F]{8}\\)"
            + " share=\\S+ locks=0$");

        in.write("quit\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("smbclient output: %s", out).isTrue();
      } finally {
        client.destroyForcibly();
      }
      // The session ends with smbclient's LOGOFF or its connection's close, whichever the server sees first.
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!http.send(get, HttpResponse.BodyHandlers.ofString()).body().contains("\"sessions\":[]")) {
        if (System.nanoTime() > end) {
          throw new AssertionError("the SMB session is still listed after smbclient quit");
        }
        Thread.sleep(50);
      }
      EstuaryProcess.Result after = EstuaryProcess.run(Map.of(), "status", "--data", data);
      assertThat(after.exitCode()).isZero();
      assertThat(String.join("\n", after.stdout())).contains("sessions  0");
      assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(0);
    }
  }

  private static void pump(InputStream in, StringBuffer sink) {
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[4096];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          sink.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // smbclient ended
      }
    });
  }
}

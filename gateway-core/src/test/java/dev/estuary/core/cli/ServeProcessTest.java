package dev.estuary.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code estuary serve} as a real process: endpoints printed, /health up, SIGTERM exits 0. */
class ServeProcessTest {
  @TempDir Path tmp;

  @Test
  void serveAnswersAndStopsGracefullyOnSigterm() throws Exception {
    Path data = tmp.resolve("data");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--data", data.toString(), "--admin-port", "0", "--frontends", "all");
    pb.environment().keySet().removeIf(k -> k.startsWith("ESTUARY_"));
    pb.redirectError(tmp.resolve("stderr.txt").toFile());
    Process p = pb.start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String adminUrl = null;
      String line;
      Pattern admin = Pattern.compile("^admin +(http://127\\.0\\.0\\.1:\\d+) \\(.*\\)$");
      while (adminUrl == null && (line = out.readLine()) != null) {
        lines.add(line);
        Matcher m = admin.matcher(line);
        if (m.matches()) {
          adminUrl = m.group(1);
        }
      }
      assertThat(adminUrl).as("stdout %s, stderr %s", lines,
          Files.readString(tmp.resolve("stderr.txt"))).isNotNull();
      assertThat(String.join("\n", lines)).contains("Created admin user 'admin'");
      assertThat(out.readLine()).startsWith("line    tcp://127.0.0.1:");
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> health = http.send(
            HttpRequest.newBuilder(URI.create(adminUrl + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      }
      assertThat(data.resolve("run/admin.json")).exists();

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(tmp.resolve("stderr.txt"))).isZero();
      assertThat(data.resolve("run/admin.json")).doesNotExist();
      // Logs are key=value lines on stderr and never carry the generated password.
      String stderr = Files.readString(tmp.resolve("stderr.txt"));
      assertThat(stderr).contains("level=INFO logger=Gateway").contains("msg=\"started data=")
          .contains("msg=\"stopped data=");
      String password = lines.stream().filter(l -> l.strip().startsWith("password="))
          .map(l -> l.strip().substring("password=".length())).findFirst().orElseThrow();
      assertThat(stderr).doesNotContain(password);
      assertThat(Files.readString(data.resolve("admin-credentials"))).contains(password);
    } finally {
      p.destroyForcibly();
    }
    // The data directory was released and the engine closed cleanly.
    CliRunner.Result fsck = CliRunner.run("fsck", "--data", data.toString());
    assertThat(fsck.status()).as(fsck.err()).isZero();
  }
}

package dev.estuary.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage gives one line on stderr and a non-zero status, never a usage dump. */
class CliErrorsTest {
  @TempDir Path tmp;

  private static void assertOneLine(CliRunner.Result r, int status, String... fragments) {
    assertThat(r.status()).as(r.err()).isEqualTo(status);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    for (String f : fragments) {
      assertThat(r.err()).contains(f);
    }
  }

  @Test
  void versionAndHelp() {
    CliRunner.Result v = CliRunner.run("version");
    assertThat(v.status()).isZero();
    assertThat(v.out()).startsWith("estuary ").doesNotContain("unknown");
    CliRunner.Result h = CliRunner.run("--help");
    assertThat(h.status()).isZero();
    assertThat(h.out()).contains("serve").contains("volume").contains("fsck");
  }

  @Test
  void missingCommandUnknownOptionAndMissingParameter() {
    assertOneLine(CliRunner.run(), 2, "a command is required");
    assertOneLine(CliRunner.run("serve", "--bogus"), 2, "estuary serve: Unknown option: '--bogus'",
        "(see estuary serve --help)");
    assertOneLine(CliRunner.run("volume", "create"), 2, "Missing required parameter: 'NAME'",
        "(see estuary volume create --help)");
    assertOneLine(CliRunner.run("frobnicate"), 2, "Unmatched argument");
  }

  @Test
  void portFlagForAFrontendNotInTheBuildNamesTheAvailableOnes() {
    assertOneLine(CliRunner.run("serve", "--data", tmp.toString(), "--s3-port", "9000"), 1,
        "--s3-port: frontend 's3' is not available in this build (available: line)");
  }

  @Test
  void frontendFlagsComeFromTheFrontendsInTheBuild() {
    CliRunner.Result help = CliRunner.run("serve", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("--line-port=N").contains("--line-motd=TEXT")
        .contains("What the motd command answers. (default hello; env").contains("ESTUARY_LINE_MOTD")
        .doesNotContain("--s3-region").doesNotContain("--nfs-port");
    assertOneLine(CliRunner.run("serve", "--data", tmp.toString(), "--line-motd", "LOUD"), 1,
        "frontends.options: line.motd: 'LOUD' (expected: 1-40 lower-case letters and spaces)");
    assertOneLine(CliRunner.run(Map.of("ESTUARY_LINE_MOTD", "X"), "", "serve", "--data",
        tmp.toString()), 1, "frontends.options: line.motd: 'X'");
    assertOneLine(CliRunner.run("serve", "--data", tmp.toString(), "--frontend-option",
        "line.volume=3"), 1, "frontends.options: unknown option 'line.volume' (expected: one of"
            + " line.motd)");
  }

  @Test
  void badValuesNameTheKey() {
    assertOneLine(CliRunner.run("serve", "--data", tmp.toString(), "--admin-port", "x"), 1,
        "admin.port: 'x' (from flag --admin-port; expected: a port number 0-65535)");
    assertOneLine(CliRunner.run("serve", "--data", tmp.toString(), "--frontends", "s3,ftp"), 1,
        "unknown frontend 'ftp'");
    assertOneLine(CliRunner.run(Map.of("ESTUARY_BIND", "not an address"), "", "serve", "--data",
        tmp.toString()), 1, "bind: 'not an address' (from environment ESTUARY_BIND");
  }

  @Test
  void unusableDataDirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    assertOneLine(CliRunner.run("serve", "--data", file.toString(), "--admin-port", "0"), 1,
        "data directory: " + file + " is a file (expected: a directory)");
    assertOneLine(CliRunner.run("user", "list", "--data", file.toString()), 1, "is a file");
    assertOneLine(CliRunner.run("volume", "list", "--data", tmp.resolve("none").toString()), 1,
        "does not exist");
    Path ro = Files.createDirectory(tmp.resolve("ro"));
    ro.toFile().setWritable(false);
    try {
      if (!Files.isWritable(ro)) { // root ignores permissions
        assertOneLine(CliRunner.run("user", "list", "--data", ro.toString()), 1, "not writable");
      } else {
        assertOneLine(CliRunner.run("fsck", "--data", ro.resolve("missing").toString()), 1,
            "does not exist");
      }
    } finally {
      ro.toFile().setWritable(true);
    }
  }

  @Test
  void passwdWithoutTerminalNeedsStdin() {
    CliRunner.run(Map.of(), "password1\n", "user", "add", "alice", "--password-stdin", "--data",
        tmp.toString());
    assertOneLine(CliRunner.run("user", "passwd", "alice", "--data", tmp.toString()), 1,
        "expected: --password-stdin");
    assertOneLine(CliRunner.run(Map.of(), "", "user", "passwd", "alice", "--password-stdin",
        "--data", tmp.toString()), 1, "standard input is empty");
  }
}

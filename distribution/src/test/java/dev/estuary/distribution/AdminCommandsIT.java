package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state-changing commands work on a stopped data directory and, while a server runs, through
 * its admin API (issue 2, item 6).
 */
class AdminCommandsIT {

  @Test
  void volumeCommands_stoppedDirectory_thenThroughRunningServer(@TempDir Path tmp) throws Exception {
    String data = tmp.resolve("data").toString();
    EstuaryProcess.Result created = EstuaryProcess.run(Map.of(), "volume", "create", "photos", "--data", data);
    assertThat(created.exitCode()).as("stderr: %s", created.stderr()).isEqualTo(0);

    EstuaryProcess.Result bad = EstuaryProcess.run(Map.of(), "volume", "create", "Bad_Name", "--data", data);
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).hasSize(1);
    assertThat(bad.stderr().getFirst()).contains("Bad_Name");

    EstuaryProcess.Result fsck = EstuaryProcess.run(Map.of(), "fsck", "--data", data);
    assertThat(fsck.exitCode()).as("fsck output: %s %s", fsck.stdout(), fsck.stderr()).isEqualTo(0);

    try (EstuaryProcess server = EstuaryProcess.start(Map.of(),
        "serve", "--data", data, "--bind", "127.0.0.1", "--admin-port", "0",
        "--s3-port", "0")) {
      server.awaitStdout(l -> l.contains("http://127.0.0.1:"), Duration.ofSeconds(60));

      EstuaryProcess.Result online = EstuaryProcess.run(Map.of(), "volume", "create", "models", "--data", data);
      assertThat(online.exitCode()).as("stderr: %s", online.stderr()).isEqualTo(0);
      EstuaryProcess.Result list = EstuaryProcess.run(Map.of(), "volume", "list", "--data", data);
      assertThat(list.exitCode()).isEqualTo(0);
      assertThat(String.join("\n", list.stdout())).contains("photos").contains("models");

      EstuaryProcess.Result status = EstuaryProcess.run(Map.of(), "status", "--data", data);
      assertThat(status.exitCode()).isEqualTo(0);

      assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(0);
    }

    EstuaryProcess.Result after = EstuaryProcess.run(Map.of(), "volume", "list", "--data", data);
    assertThat(String.join("\n", after.stdout())).contains("photos").contains("models");
    EstuaryProcess.Result version = EstuaryProcess.run(Map.of(), "version");
    assertThat(version.exitCode()).isEqualTo(0);
    assertThat(version.stdout()).isNotEmpty();
  }

  @Test
  void groupAndExportCommands_stoppedDirectory_thenThroughRunningServer(@TempDir Path tmp)
      throws Exception {
    String data = tmp.resolve("data").toString();
    assertThat(EstuaryProcess.run(Map.of(), "volume", "create", "media", "--data", data).exitCode())
        .isZero();
    EstuaryProcess.Result group = EstuaryProcess.run(Map.of(), "group", "add", "editors", "--data",
        data);
    assertThat(group.exitCode()).as("stderr: %s", group.stderr()).isZero();
    assertThat(String.join("\n", group.stdout())).contains("gid=100000 sid=S-1-5-21-");
    EstuaryProcess.Result closed = EstuaryProcess.run(Map.of(), "volume", "show", "media", "--data",
        data);
    assertThat(String.join("\n", closed.stdout())).contains("closed (no client may mount it)");

    try (EstuaryProcess server = EstuaryProcess.start(Map.of(),
        "serve", "--data", data, "--bind", "127.0.0.1", "--admin-port", "0", "--s3-port", "0")) {
      server.awaitStdout(l -> l.contains("http://127.0.0.1:"), Duration.ofSeconds(60));
      EstuaryProcess.Result export = EstuaryProcess.run(Map.of(), "volume", "export", "media",
          "--clients", "127.0.0.0/8", "--rw", "--root-squash", "--data", data);
      assertThat(export.exitCode()).as("stderr: %s", export.stderr()).isZero();
      assertThat(String.join("\n", export.stdout()))
          .contains("127.0.0.0/8(rw,root_squash,anonuid=65534,anongid=65534)");
      EstuaryProcess.Result bad = EstuaryProcess.run(Map.of(), "volume", "export", "media",
          "--clients", "127.0.0.1/8", "--data", data);
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.stderr()).hasSize(1);
      assertThat(bad.stderr().getFirst()).contains("expected: the network address, 127.0.0.0/8");
      assertThat(EstuaryProcess.run(Map.of(), "group", "delete", "editors", "--data", data)
          .exitCode()).isZero();
      assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(0);
    }
    EstuaryProcess.Result list = EstuaryProcess.run(Map.of(), "volume", "list", "--data", data);
    assertThat(String.join("\n", list.stdout()))
        .contains("nfs=127.0.0.0/8(rw,root_squash,anonuid=65534,anongid=65534)");
    assertThat(EstuaryProcess.run(Map.of(), "volume", "export", "media", "--close", "--data", data)
        .exitCode()).isZero();
    // The deleted group's gid is not given again.
    assertThat(String.join("\n", EstuaryProcess.run(Map.of(), "group", "add", "next", "--data",
        data).stdout())).contains("gid=100001");
  }
}

package dev.estuary.node.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.node.internal.api.AgentFile;
import dev.estuary.node.internal.testing.Cli;
import dev.estuary.node.internal.testing.PodmanService;
import dev.estuary.node.internal.testing.TestNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad node descriptions and environments (issue 13): each gets one clear error from {@code estuary
 * node up}, and nothing is half-started: Podman lists no container of the node, no agent file.
 */
class NodeBadInputTest {
  private static PodmanService podman;
  private static final String LABEL = "dev.estuary.node=bad";

  @BeforeAll
  static void startPodman() throws Exception {
    podman = PodmanService.start();
    podman.importBusybox(TestNode.IMAGE, true);
  }

  @AfterAll
  static void stopPodman() throws Exception {
    podman.close();
  }

  @AfterEach
  void nothingHalfStarted() {
    assertThat(podman.client().list(LABEL)).isEmpty();
  }

  private static Cli up(Path file) {
    Cli c = Cli.run("node", "up", "-f", file.toString());
    assertThat(c.status()).as(c.out() + c.err()).isEqualTo(1);
    assertThat(c.err().lines().count()).as(c.err()).isEqualTo(1);
    return c;
  }

  @Test
  void unknownFrontend() throws Exception {
    TestNode t = new TestNode(podman.dir(), "bad", "s3");
    Path file = t.write(podman.socket());
    Files.writeString(file, Files.readString(file).replace("  s3:", "  ftp:"));
    assertThat(up(file).err()).contains("estuary node up: node description " + file
        + ": frontends: unknown frontend 'ftp' (expected: s3, dataset, smb or nfs)");
    assertThat(AgentFile.path(t.stateDirectory())).doesNotExist();
  }

  @Test
  void twoRolesOnOnePort() throws Exception {
    TestNode t = new TestNode(podman.dir(), "bad", "s3", "dataset");
    Path file = t.write(podman.socket());
    Files.writeString(file, Files.readString(file).replace("port: " + t.port("dataset") + ",",
        "port: " + t.port("s3") + ","));
    assertThat(up(file).err()).contains("port " + t.port("s3") + ": both frontends.s3.port and"
        + " frontends.dataset.port (expected: one role per port)");
  }

  @Test
  void portInUseOnTheHost() throws Exception {
    TestNode t = new TestNode(podman.dir(), "bad", "s3", "dataset");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), t.port("dataset")));
      Path file = t.write(podman.socket());
      assertThat(up(file).err()).contains("frontends.dataset.port: port " + t.port("dataset")
          + " on 127.0.0.1 is in use", "expected: a free port");
    }
    // The engine and s3 came before dataset in the description, and still nothing was created.
  }

  @Test
  void missingImage() throws Exception {
    TestNode t = new TestNode(podman.dir(), "bad", "s3", "dataset");
    Path file = t.write(podman.socket());
    String yaml = Files.readString(file);
    int s3 = yaml.indexOf("  s3: {image: ");
    Files.writeString(file, yaml.substring(0, s3) + yaml.substring(s3)
        .replaceFirst(TestNode.IMAGE, "localhost/estuary-s3:9.9"));
    assertThat(up(file).err()).contains("image not found in Podman's store:"
        + " localhost/estuary-s3:9.9 (frontends.s3.image)", "there is no registry");
  }

  @Test
  void podmanSocketNotThere() throws Exception {
    TestNode t = new TestNode(podman.dir(), "bad", "s3");
    Path nowhere = podman.dir().resolve("no-such.sock");
    Path file = t.write(nowhere);
    assertThat(up(file).err()).contains("estuary node up: podman socket " + nowhere
        + ": not found (expected: the socket of a running `podman system service`");
    assertThat(t.stateDirectory()).doesNotExist();
  }

  @Test
  void descriptionFileMissingOrMalformed() throws Exception {
    Path none = podman.dir().resolve("none.yaml");
    assertThat(up(none).err()).contains("node description " + none + ": no such file");
    Path bad = podman.dir().resolve("bad.yaml");
    Files.writeString(bad, "name: bad\ndataDirectory: /tmp/x\nengine: {image: a, colour: red}\n");
    assertThat(up(bad).err()).contains("unknown field 'engine.colour'", "adminPort");
  }
}

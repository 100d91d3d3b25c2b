package dev.estuary.node.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.node.internal.description.DescriptionParser;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.testing.PodmanService;
import dev.estuary.node.internal.testing.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code up}'s reconcile against a real Podman service: create, leave, start, replace, remove. */
class ReconcilerTest {
  private static PodmanService podman;
  private static final HealthProbe PROBE = new HttpHealthProbe(java.time.Duration.ofSeconds(1));

  @BeforeAll
  static void startPodman() throws Exception {
    podman = PodmanService.start();
    podman.importBusybox(TestNode.IMAGE, true);
    podman.importBusybox("localhost/estuary-fake-user:1", true, "10001:10001");
  }

  @AfterAll
  static void stopPodman() throws Exception {
    podman.close();
  }

  private static Map<String, String> actions(List<Reconciler.Action> done) {
    return done.stream().collect(Collectors.toMap(Reconciler.Action::container,
        Reconciler.Action::action));
  }

  @Test
  void makesPodmanMatchTheDescriptionAndLeavesWhatMatches() throws Exception {
    TestNode t = new TestNode(podman.dir(), "rec", "s3", "dataset");
    Path file = t.write(podman.socket());
    NodeDescription node = new DescriptionParser().read(file);
    PodmanClient client = podman.client();

    List<Reconciler.Action> first = Reconciler.up(node, client, Preflight.check(node, client), PROBE);
    assertThat(actions(first)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "estuary-rec-engine", "created", "estuary-rec-s3", "created",
        "estuary-rec-dataset", "created"));
    assertThat(first.getFirst().container()).isEqualTo("estuary-rec-engine");

    List<ContainerView> running = client.list(node.nodeLabel());
    assertThat(running).hasSize(3).allMatch(ContainerView::running);
    assertThat(running).extracting(c -> c.label("dev.estuary.role"))
        .containsExactlyInAnyOrder("engine", "s3", "dataset");
    // What the agent logs when a container dies: its last output lines.
    dev.estuary.node.internal.testing.Await.until("engine output", java.time.Duration.ofSeconds(10),
        () -> client.logs("estuary-rec-engine", 5).contains("engine started") ? true : null);

    // The same description again: nothing changes, the same containers stay.
    List<Reconciler.Action> again = Reconciler.up(node, client, Preflight.check(node, client), PROBE);
    assertThat(actions(again)).containsOnlyKeys("estuary-rec-engine", "estuary-rec-s3",
        "estuary-rec-dataset").allSatisfy((k, v) -> assertThat(v).isEqualTo("unchanged"));
    assertThat(again).extracting(Reconciler.Action::id)
        .containsExactlyElementsOf(first.stream().map(Reconciler.Action::id).toList());

    // A stopped container is started, not replaced.
    client.stop("estuary-rec-dataset", 2);
    assertThat(actions(Reconciler.up(node, client, Preflight.check(node, client), PROBE)))
        .containsEntry("estuary-rec-dataset", "started").containsEntry("estuary-rec-s3",
            "unchanged");

    // A changed role (memory) is replaced; the others are left; a dropped frontend is removed.
    TestNode changed = new TestNode(podman.dir(), "rec", "s3");
    // Same ports as before for the roles that stay, so only the memory differs for s3.
    Path file2 = podman.dir().resolve("rec2.yaml");
    String yaml = java.nio.file.Files.readString(file)
        .replace("port: " + t.port("s3") + ",", "port: " + t.port("s3") + ", memory: 64m,")
        .lines().filter(l -> !l.startsWith("  dataset:"))
        .collect(Collectors.joining("\n"));
    java.nio.file.Files.writeString(file2, yaml);
    NodeDescription node2 = new DescriptionParser().read(file2);
    assertThat(changed).isNotNull();
    Map<String, String> third = actions(Reconciler.up(node2, client,
        Preflight.check(node2, client), PROBE));
    assertThat(third).containsEntry("estuary-rec-engine", "unchanged")
        .containsEntry("estuary-rec-s3", "replaced").containsEntry("estuary-rec-dataset",
            "removed");
    assertThat(client.list(node.nodeLabel())).extracting(ContainerView::name)
        .containsExactlyInAnyOrder("estuary-rec-engine", "estuary-rec-s3");

    assertThat(NodeAgent.removeAll(node2, client)).hasSize(2);
    assertThat(client.list(node.nodeLabel())).isEmpty();
  }

  @Test
  void givesEachMountedDirectoryToTheUserOfItsImage() throws Exception {
    TestNode t = new TestNode(podman.dir(), "own", "s3").image("engine",
        "localhost/estuary-fake-user:1", "touch /data/written && sleep 3 && exec busybox httpd -f"
            + " -p 9180 -h /www");
    NodeDescription node = new DescriptionParser().read(t.write(podman.socket()));
    PodmanClient client = podman.client();
    Reconciler.up(node, client, Preflight.check(node, client), PROBE);
    try {
      // The engine answers only 3 s after it starts, and s3 was started once it did.
      Map<String, ContainerView> byName = client.list(node.nodeLabel()).stream()
          .collect(Collectors.toMap(ContainerView::name, c -> c));
      assertThat(byName.get("estuary-own-s3").startedAt()
          - byName.get("estuary-own-engine").startedAt()).isGreaterThanOrEqualTo(3);
      // The engine, running as uid 10001, could write into its data directory.
      Path written = node.dataDirectory().resolve("written");
      dev.estuary.node.internal.testing.Await.until("the engine wrote /data/written",
          java.time.Duration.ofSeconds(10), () -> java.nio.file.Files.exists(written) ? true
              : null);
      assertThat(java.nio.file.Files.getAttribute(written, "unix:uid")).isEqualTo(10001);
      assertThat(java.nio.file.Files.getAttribute(node.dataDirectory(), "unix:uid"))
          .isEqualTo(10001);
      assertThat(java.nio.file.Files.getAttribute(node.socketDirectory(), "unix:gid"))
          .isEqualTo(10001);
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files
          .getPosixFilePermissions(node.socketDirectory()))).isEqualTo("rwxrwx---");
      // s3's image runs as root: its directory stays root's.
      assertThat(java.nio.file.Files.getAttribute(node.stateDirectory().resolve("s3"),
          "unix:uid")).isEqualTo(0);
    } finally {
      NodeAgent.removeAll(node, client);
    }
  }
}

package dev.estuary.node.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.node.internal.api.AgentClient;
import dev.estuary.node.internal.api.AgentFile;
import dev.estuary.node.internal.podman.ContainerInspect;
import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.testing.Await;
import dev.estuary.node.internal.testing.Cli;
import dev.estuary.node.internal.testing.PodmanService;
import dev.estuary.node.internal.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code estuary node up} supervising a real Podman service: busybox fakes of engine, s3 and dataset
 * killed with SIGKILL, made unhealthy, restarted, upgraded, rolled back, and {@code node down}.
 */
class NodeAgentTest {
  private static PodmanService podman;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startPodman() throws Exception {
    podman = PodmanService.start();
    podman.importBusybox(TestNode.IMAGE, true);
    podman.importBusybox("localhost/estuary-fake:2", true);
    podman.importBusybox("localhost/estuary-fake:broken", false);
  }

  @AfterAll
  static void stopPodman() throws Exception {
    podman.close();
  }

  private static RoleStatus role(AgentClient agent, String role) {
    return agent.status().roles().stream().filter(r -> r.role().equals(role)).findFirst()
        .orElseThrow();
  }

  private static Map<String, ContainerView> containers(PodmanClient client, String label) {
    return client.list(label).stream().collect(Collectors.toMap(ContainerView::name, c -> c));
  }

  private static int get(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The foreground server process of a fake: the child of catatonit that runs httpd -f. */
  private static ProcessHandle server(PodmanClient client, String container) throws IOException {
    ContainerInspect c = client.inspect(container);
    assertThat(c).isNotNull();
    int init = c.state().pid();
    String children = Files.readString(Path.of("/proc/" + init + "/task/" + init + "/children"));
    for (String pid : children.trim().split("\\s+")) {
      String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
      if (cmd.contains("httpd -f")) {
        return ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
      }
    }
    throw new AssertionError("no httpd -f under " + container + "'s init " + init + ": "
        + children);
  }

  @Test
  void supervisesRestartsUpgradesAndRemovesTheNode() throws Exception {
    TestNode t = new TestNode(podman.dir(), "sup", "s3", "dataset");
    Path healthDir = Files.createDirectories(podman.dir().resolve("dataset-www"));
    Files.writeString(healthDir.resolve("health"), "UP");
    t.with("dataset", "mounts: {" + healthDir + ": /www}");
    Path engineWww = Files.createDirectories(podman.dir().resolve("engine-www"));
    Files.writeString(engineWww.resolve("health"), "UP");
    t.with("engine", "mounts: {" + engineWww + ": /www}");

    Path file = t.write(podman.socket());
    PodmanClient client = podman.client();
    String label = "dev.estuary.node=sup";

    Cli.Background up = Cli.start("node", "up", "-f", file.toString());
    try {
      Await.until("node up supervising: " + up.cli().out() + up.cli().err(), Duration.ofSeconds(60),
          () -> {
            if (up.exit().isDone()) {
              throw new AssertionError("up ended: " + up.cli().err());
            }
            return up.cli().out().contains("supervising 3 containers") ? true : null;
          });
      assertThat(up.cli().out()).contains("estuary-sup-engine created", "estuary-sup-s3 created",
          "estuary-sup-dataset created");
      AgentFile agentFile = AgentFile.read(t.stateDirectory());
      assertThat(agentFile).isNotNull();
      assertThat(Files.getPosixFilePermissions(AgentFile.path(t.stateDirectory())))
          .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
      AgentClient agent = new AgentClient(agentFile);
      Await.until("all healthy", Duration.ofSeconds(30), () -> agent.status().roles().stream()
          .allMatch(r -> r.health().equals("healthy")) ? true : null);
      assertThat(get(t.port("s3"), "/health")).isEqualTo(200);

      // The admin API needs the token; /health and /metrics do not.
      assertThat(get(t.agentPort(), "/api/v1/node")).isEqualTo(401);
      assertThat(get(t.agentPort(), "/health")).isEqualTo(200);

      // status asks the agent.
      Cli status = Cli.run("node", "status", "-f", file.toString());
      assertThat(status.status()).as(status.err()).isZero();
      assertThat(status.out()).contains("(agent running)").containsPattern(
          "s3\\s+estuary-sup-s3\\s+localhost/estuary-fake:1\\s+running\\s+healthy\\s+0");

      // kill -9 the S3 server: the agent brings it back within 10 s; the dataset service never
      // notices (same container, never restarted, serving throughout).
      Map<String, ContainerView> before = containers(client, label);
      ProcessHandle s3 = server(client, "estuary-sup-s3");
      long killedAt = System.nanoTime();
      assertThat(s3.destroyForcibly()).isTrue();
      Await.until("s3 restarted and healthy", Duration.ofSeconds(10), () -> {
        RoleStatus r = role(agent, "s3");
        return r.restarts() == 1 && r.health().equals("healthy") ? r : null;
      });
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt)).isLessThan(10);
      assertThat(get(t.port("s3"), "/health")).isEqualTo(200);
      RoleStatus s3Status = role(agent, "s3");
      assertThat(s3Status.lastExitCode()).isEqualTo(137);
      Map<String, ContainerView> after = containers(client, label);
      assertThat(after.get("estuary-sup-dataset").startedAt())
          .isEqualTo(before.get("estuary-sup-dataset").startedAt());
      assertThat(after.get("estuary-sup-engine").startedAt())
          .isEqualTo(before.get("estuary-sup-engine").startedAt());
      assertThat(role(agent, "dataset").restarts()).isZero();
      String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + t.agentPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("estuary_node_container_restarts_total{role=\"s3\"} 1.0",
          "estuary_node_container_restarts_total{role=\"dataset\"} 0.0",
          "estuary_node_container_healthy{role=\"dataset\"} 1.0",
          "estuary_node_container_running{role=\"engine\"} 1.0");

      // Killing the engine restarts the engine only: frontends wait for it, the agent leaves them.
      before = containers(client, label);
      server(client, "estuary-sup-engine").destroyForcibly();
      Await.until("engine restarted", Duration.ofSeconds(10), () -> {
        RoleStatus r = role(agent, "engine");
        return r.restarts() == 1 && r.health().equals("healthy") ? r : null;
      });
      after = containers(client, label);
      assertThat(after.get("estuary-sup-s3").startedAt())
          .isEqualTo(before.get("estuary-sup-s3").startedAt());
      assertThat(after.get("estuary-sup-dataset").startedAt())
          .isEqualTo(before.get("estuary-sup-dataset").startedAt());

      // The engine turns unhealthy and the dataset's /health fails with it (as a frontend's does
      // when its backend is gone): the engine is restarted, the dataset waits for it and is not.
      long engineRestarts = role(agent, "engine").restarts();
      Files.delete(engineWww.resolve("health"));
      Files.delete(healthDir.resolve("health"));
      Await.until("engine restarted for being unhealthy", Duration.ofSeconds(30), () ->
          role(agent, "engine").restarts() > engineRestarts ? true : null);
      Await.until("dataset waiting for the engine", Duration.ofSeconds(10), () ->
          role(agent, "dataset").health().equals("waiting for engine") ? true : null);
      Files.writeString(engineWww.resolve("health"), "UP");
      Files.writeString(healthDir.resolve("health"), "UP");
      Await.until("engine and dataset healthy again", Duration.ofSeconds(30), () ->
          role(agent, "engine").health().equals("healthy")
              && role(agent, "dataset").health().equals("healthy") ? true : null);
      assertThat(role(agent, "dataset").restarts()).isZero();

      // An unhealthy dataset (its /health is gone, the process runs) is restarted, again and again
      // with back-off while it stays unhealthy; healthy again once /health is back.
      Files.delete(healthDir.resolve("health"));
      Await.until("dataset restarted twice for being unhealthy", Duration.ofSeconds(60), () ->
          role(agent, "dataset").restarts() >= 2 ? true : null);
      Await.until("dataset's problem named", Duration.ofSeconds(30), () -> {
        String problem = role(agent, "dataset").lastProblem();
        return problem != null && problem.contains("/health answered 404") ? true : null;
      });
      Files.writeString(healthDir.resolve("health"), "UP");
      Await.until("dataset healthy again", Duration.ofSeconds(30), () ->
          role(agent, "dataset").health().equals("healthy") ? true : null);
      String metrics2 = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + t.agentPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics2).containsPattern(
          "estuary_node_container_failures_total\\{role=\"dataset\"\\} [2-9]");

      // restart s3: s3 only.
      before = containers(client, label);
      Cli restart = Cli.run("node", "restart", "s3", "-f", file.toString());
      assertThat(restart.status()).as(restart.err()).isZero();
      assertThat(restart.out()).contains("estuary-sup-s3 restarted");
      after = containers(client, label);
      assertThat(after.get("estuary-sup-s3").startedAt())
          .isGreaterThanOrEqualTo(before.get("estuary-sup-s3").startedAt());
      assertThat(after.get("estuary-sup-s3").pid()).isNotEqualTo(before.get("estuary-sup-s3").pid());
      assertThat(after.get("estuary-sup-dataset").pid())
          .isEqualTo(before.get("estuary-sup-dataset").pid());
      assertThat(after.get("estuary-sup-engine").pid())
          .isEqualTo(before.get("estuary-sup-engine").pid());

      // upgrade s3 to tag 2 (a bare tag): new container on the new image, healthy; others untouched.
      Cli upgrade = Cli.run("node", "upgrade", "s3", "--image", "2", "-f", file.toString());
      assertThat(upgrade.status()).as(upgrade.err()).isZero();
      assertThat(upgrade.out()).contains("upgraded to localhost/estuary-fake:2 and healthy");
      after = containers(client, label);
      assertThat(after).containsOnlyKeys("estuary-sup-engine", "estuary-sup-s3",
          "estuary-sup-dataset");
      assertThat(after.get("estuary-sup-s3").image()).isEqualTo("localhost/estuary-fake:2");
      assertThat(after.get("estuary-sup-dataset").pid())
          .isEqualTo(before.get("estuary-sup-dataset").pid());
      assertThat(get(t.port("s3"), "/health")).isEqualTo(200);

      // upgrade to an image whose container never becomes healthy: rolled back to tag 2.
      Cli broken = Cli.run("node", "upgrade", "s3", "--image", "localhost/estuary-fake:broken",
          "-f", file.toString());
      assertThat(broken.status()).isEqualTo(1);
      assertThat(broken.err()).contains("upgrade s3 to localhost/estuary-fake:broken",
          "rolled back to localhost/estuary-fake:2");
      after = containers(client, label);
      assertThat(after).containsOnlyKeys("estuary-sup-engine", "estuary-sup-s3",
          "estuary-sup-dataset");
      assertThat(after.get("estuary-sup-s3").image()).isEqualTo("localhost/estuary-fake:2");
      Await.until("s3 healthy after the roll-back", Duration.ofSeconds(30), () ->
          role(agent, "s3").health().equals("healthy") ? true : null);
      assertThat(role(agent, "s3").image()).isEqualTo("localhost/estuary-fake:2");

      // A missing image is refused before anything is touched.
      Cli missing = Cli.run("node", "upgrade", "s3", "--image", "nope", "-f", file.toString());
      assertThat(missing.status()).isEqualTo(1);
      assertThat(missing.err()).contains("image localhost/estuary-fake:nope not found");

      // A second agent for the same node is refused.
      Cli second = Cli.run("node", "up", "-f", file.toString());
      assertThat(second.status()).isEqualTo(1);
      assertThat(second.err()).contains("an agent runs already");

      // down: the agent removes everything and ends; nothing is left.
      Cli down = Cli.run("node", "down", "-f", file.toString());
      assertThat(down.status()).as(down.err()).isZero();
      assertThat(down.out()).contains("estuary-sup-s3 removed", "no containers left");
      assertThat(up.exit().get(30, TimeUnit.SECONDS)).isZero();
      assertThat(client.list(label)).isEmpty();
      assertThat(AgentFile.path(t.stateDirectory())).doesNotExist();
      assertThat(get(t.agentPort(), "/health")).isEqualTo(-1);

      // Without an agent, status reads Podman: every role missing.
      Cli gone = Cli.run("node", "status", "-f", file.toString());
      assertThat(gone.status()).as(gone.err()).isZero();
      assertThat(gone.out()).contains("agent not running");
      assertThat(gone.out().lines().filter(l -> l.contains("missing")).toList()).hasSize(3);
      List<ContainerView> none = client.list(label);
      assertThat(none).isEmpty();
    } finally {
      if (!up.exit().isDone()) {
        // A failed assertion must not leave the agent restarting containers behind the test.
        Cli.run("node", "down", "-f", file.toString());
        up.exit().get(60, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theStartGraceEndsWithTheFirstHealthyProbe() throws Exception {
    // A long grace: a container that was healthy and then fails must not wait it out.
    TestNode t = new TestNode(podman.dir(), "grace", "s3").supervision("{probeInterval: 200ms,"
        + " probeTimeout: 500ms, unhealthyAfter: 2, startGrace: 120s, backoffInitial: 300ms,"
        + " backoffMax: 2s, stopTimeout: 2s, reconnectGrace: 1s}");
    Path www = Files.createDirectories(podman.dir().resolve("grace-www"));
    Files.writeString(www.resolve("health"), "UP");
    t.with("s3", "mounts: {" + www + ": /www}");
    Path file = t.write(podman.socket());
    Cli.Background up = Cli.start("node", "up", "-f", file.toString());
    try {
      AgentClient agent = new AgentClient(Await.until("agent file", Duration.ofSeconds(60), () ->
          up.cli().out().contains("supervising") ? AgentFile.read(t.stateDirectory()) : null));
      Await.until("s3 healthy", Duration.ofSeconds(30), () ->
          role(agent, "s3").health().equals("healthy") ? true : null);
      Files.delete(www.resolve("health"));
      Await.until("s3 restarted long before the grace ends", Duration.ofSeconds(20), () ->
          role(agent, "s3").restarts() == 1 ? true : null);
    } finally {
      Cli down = Cli.run("node", "down", "-f", file.toString());
      assertThat(down.status()).as(down.err()).isZero();
      assertThat(up.exit().get(60, TimeUnit.SECONDS)).isZero();
    }
  }
}

package dev.estuary.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole node through real Podman (issue 13, "Node tests through real Podman"): the images of
 * {@code containers/build} (shared with ImagesIT through {@link BuiltImages}), {@code estuary node
 * up} as a child process with engine + s3 + dataset, a user made in the engine container, an aws CLI
 * workflow over the S3 container's own TLS certificate, a DataLoader reading across a SIGKILL of the
 * S3 JVM, a SIGKILL of the engine JVM in the middle of uploads, an upgrade of s3 to another tag, and
 * {@code node down} leaving no container with the node's label.
 */
@ExtendWith(BuiltImages.class)
class NodeIT {
  private static final String NODE = "e2e";
  private static final String BUCKET = "e2e";
  private static final String PYTHON = "/usr/bin/python3";
  private static final Pattern ACCESS = Pattern.compile("^s3 access key\\s+(\\S+)");
  private static final Pattern SECRET = Pattern.compile("^s3 secret key\\s+(\\S+)");
  private static final Pattern TOKEN = Pattern.compile("^token\\s+(?!id\\s)(\\S+)");
  /** A generous bound that only detects a hang; the restart time itself is printed, not asserted. */
  private static final Duration HANG = Duration.ofSeconds(120);

  private final List<Process> children = new ArrayList<>();
  private @org.jspecify.annotations.Nullable DockerClient docker;
  private @org.jspecify.annotations.Nullable Path dir;

  @AfterEach
  void cleanUp() throws IOException {
    for (Process p : children) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    DockerClient d = docker;
    if (d != null) {
      for (Container c : nodeContainers()) {
        d.removeContainerCmd(c.getId()).withForce(true).exec();
      }
    }
    Path tree = dir;
    if (tree != null && Files.exists(tree)) {
      try (Stream<Path> s = Files.walk(tree)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void nodeUpServesS3AndDatasetSurvivesKillsUpgradesAndGoesDownClean(PodmanService podman)
      throws Exception {
    DockerClient docker = podman.client();
    this.docker = docker;
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "estuary-node-");
    this.dir = dir;
    int s3Port = freePort();
    int datasetPort = freePort();
    int agentPort = freePort();
    String yaml = "name: " + NODE + "\n"
        + "dataDirectory: " + dir.resolve("data") + "\n"
        + "stateDirectory: " + dir.resolve("state") + "\n"
        + "podmanSocket: " + podman.socket() + "\n"
        + "bindAddress: 127.0.0.1\n"
        + "agent: {bind: 127.0.0.1, port: " + agentPort + "}\n"
        + "supervision: {probeInterval: 500ms, probeTimeout: 2s, unhealthyAfter: 3, startGrace: 60s,"
        + " backoffInitial: 300ms, backoffMax: 5s, backoffReset: 60s, stopTimeout: 10s,"
        + " reconnectGrace: 60s}\n"
        + "engine: {image: " + image("engine") + ", adminPort: " + freePort() + "}\n"
        + "frontends:\n"
        + "  s3: {image: " + image("s3") + ", port: " + s3Port + ", adminPort: " + freePort() + "}\n"
        + "  dataset: {image: " + image("dataset") + ", port: " + datasetPort + ", adminPort: "
        + freePort() + "}\n";
    Path description = dir.resolve("node.yaml");
    Files.writeString(description, yaml);

    // --- node up: the agent as a child process, supervising in the foreground.
    Path agentLog = dir.resolve("agent.log");
    Process agent = estuary(agentLog, "node", "up", "-f", description.toString());
    String s3Url = "https://localhost:" + s3Port;
    Path ca = dir.resolve("state/s3/tls/estuary.crt");
    awaitWithin(Duration.ofMinutes(4), () -> {
      assertAlive(agent, agentLog);
      return Files.exists(ca) && listening(s3Port) && listening(datasetPort);
    }, "s3 and dataset containers serving");
    String engine = container("engine");

    // --- a user, made the way node mode allows: the CLI inside the engine container reaches the
    // engine daemon's admin API through its data directory (run/admin.json).
    Map<String, String> admin = new HashMap<>();
    for (String line : exec(engine, "user", "add", "root", "--admin", "--data", "/data")) {
      match(ACCESS, line, "access", admin);
      match(SECRET, line, "secret", admin);
    }
    assertThat(admin).containsKeys("access", "secret");
    Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", admin.get("access"),
        "AWS_SECRET_ACCESS_KEY", admin.get("secret"), "AWS_DEFAULT_REGION", "us-east-1",
        "AWS_CA_BUNDLE", ca.toString(), "AWS_MAX_ATTEMPTS", "10", "AWS_RETRY_MODE", "standard"));

    // --- aws CLI: mb, cp up and down a few MiB, ls, byte-compare.
    SecureRandom random = new SecureRandom();
    byte[] big = new byte[5 * 1024 * 1024 + 17];
    random.nextBytes(big);
    Path up = dir.resolve("big.bin");
    Files.write(up, big);
    aws(env, s3Url, "s3", "mb", "s3://" + BUCKET);
    aws(env, s3Url, "s3", "cp", up.toString(), "s3://" + BUCKET + "/big.bin");
    Path down = dir.resolve("big.down");
    aws(env, s3Url, "s3", "cp", "s3://" + BUCKET + "/big.bin", down.toString());
    assertThat(Files.readAllBytes(down)).as("big.bin read back").isEqualTo(big);
    Path samples = dir.resolve("train");
    Files.createDirectories(samples);
    for (int i = 0; i < 32; i++) {
      byte[] s = new byte[16 * 1024];
      random.nextBytes(s);
      Files.write(samples.resolve(String.format("s%02d.bin", i)), s);
    }
    aws(env, s3Url, "s3", "cp", "--recursive", samples.toString(), "s3://" + BUCKET + "/train");
    String ls = String.join("\n", aws(env, s3Url, "s3", "ls", "s3://" + BUCKET + "/train/"));
    assertThat(ls).contains("s00.bin").contains("s31.bin");

    // --- a reader of the dataset service, with a token.
    exec(engine, "user", "add", "reader", "--data", "/data");
    exec(engine, "user", "grant", "reader", BUCKET, "read", "--data", "/data");
    Map<String, String> reader = new HashMap<>();
    for (String line : exec(engine, "user", "keys", "reader", "--new-token", "--description", "e2e",
        "--data", "/data")) {
      match(TOKEN, line, "token", reader);
    }
    assertThat(reader).containsKey("token");
    Path python = installTorchClient(dir);
    Path stop = dir.resolve("stop-reading");
    Path progress = dir.resolve("epochs");
    Path readerLog = dir.resolve("dataloader.log");
    Files.writeString(dir.resolve("read.py"), """
        import os, sys, torch
        from torch.utils.data import DataLoader
        import estuary_torch
        endpoint, volume, token, stop, progress = sys.argv[1:6]
        expected = {}
        for name in sorted(os.listdir(sys.argv[6])):
            with open(os.path.join(sys.argv[6], name), "rb") as f:
                expected[name] = f.read()
        ds = estuary_torch.Dataset(endpoint, volume, "/train", token=token, retries=1,
                                   transform=lambda b: b)
        assert len(ds) == len(expected), (len(ds), len(expected))
        epochs = 0
        while not os.path.exists(stop):
            got = sorted(bytes(x) for batch in DataLoader(ds, batch_size=4, num_workers=2,
                                                          collate_fn=lambda b: b) for x in batch)
            assert got == sorted(expected.values()), "epoch %d: samples differ" % epochs
            epochs += 1
            with open(progress + ".tmp", "w") as f:
                f.write(str(epochs))
            os.replace(progress + ".tmp", progress)
        print("epochs", epochs)
        """);
    Process loop = child(readerLog, Map.of(), dir, python.toString(), dir.resolve("read.py").toString(),
        "127.0.0.1:" + datasetPort, BUCKET, reader.get("token"), stop.toString(), progress.toString(),
        samples.toString());
    awaitWithin(Duration.ofMinutes(2), () -> {
      assertAlive(loop, readerLog);
      return epochs(progress) >= 1;
    }, "the DataLoader's first epoch");

    // --- kill -9 the S3 container's JVM: the agent brings it back; the dataset reader sees nothing.
    String s3Before = container("s3");
    long s3Jvm = jvm(s3Before);
    int epochsBefore = epochs(progress);
    Instant killedAt = Instant.now();
    long t0 = System.nanoTime();
    kill9(s3Jvm);
    awaitWithin(HANG, () -> !ProcessHandle.of(s3Jvm).map(ProcessHandle::isAlive).orElse(false),
        "the S3 JVM gone after SIGKILL");
    // A TCP connect is checked before each aws call: it costs nothing, and the aws CLI's own start
    // (a second of Python) then runs once the port takes connections, not in a loop of refusals.
    // The figure still ends with an authenticated aws request that succeeded.
    long[] listeningAt = {0};
    // The new JVM's CPU time when its port first takes a connection: the wall-clock figures
    // depend on what else runs on the machine, this one does not.
    double[] cpuAtListening = {-1};
    awaitWithin(HANG, () -> {
      assertAlive(agent, agentLog);
      if (listeningAt[0] == 0) {
        if (!listening(s3Port)) {
          return false;
        }
        listeningAt[0] = System.nanoTime();
        cpuAtListening[0] = cpuSeconds(container("s3"));
      }
      return s3Answers(env, s3Url);
    }, "S3 serving again after SIGKILL of its JVM");
    double restart = (System.nanoTime() - t0) / 1e9;
    System.out.printf("NodeIT: S3 container serving again %.2f s after SIGKILL of its JVM (bar: 10 s)%n",
        restart);
    System.out.println("NodeIT: S3 restart breakdown, seconds after the SIGKILL: "
        + restartBreakdown(killedAt, agentLog, container("s3"), (listeningAt[0] - t0) / 1e9, restart)
        + String.format("; the new JVM had used %.2f s of CPU when it took the first connection",
            cpuAtListening[0]));
    aws(env, s3Url, "s3", "cp", "s3://" + BUCKET + "/big.bin", down.toString());
    assertThat(Files.readAllBytes(down)).as("big.bin after the S3 restart").isEqualTo(big);
    awaitWithin(HANG, () -> {
      assertAlive(loop, readerLog);
      return epochs(progress) >= epochsBefore + 2;
    }, "two more DataLoader epochs after the S3 restart");
    Files.writeString(stop, "");
    assertThat(loop.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(loop.exitValue()).as("DataLoader loop across the S3 kill:\n" + Files.readString(readerLog))
        .isZero();
    System.out.printf("NodeIT: the DataLoader read %d epochs with no error across the S3 kill%n",
        epochs(progress));

    // --- kill the engine's JVM in the middle of uploads: errors or retries, nothing acknowledged lost.
    String s3Id = container("s3");
    String datasetId = container("dataset");
    long s3Pid = jvm(s3Id);
    long datasetPid = jvm(datasetId);
    Path parts = dir.resolve("parts");
    Files.createDirectories(parts);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] b = new byte[1024 * 1024];
      random.nextBytes(b);
      bodies.add(b);
      Files.write(parts.resolve("p" + i), b);
    }
    Path uploadLog = dir.resolve("uploads.log");
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < bodies.size(); i++) {
      // One line per acknowledged upload; a failed one is reported and the loop goes on.
      script.append("aws --endpoint-url ").append(s3Url).append(" s3 cp ").append(parts.resolve("p" + i))
          .append(" s3://").append(BUCKET).append("/up/p").append(i).append(" >/dev/null 2>&1 && echo ok ")
          .append(i).append(" || echo failed ").append(i).append('\n');
    }
    Process uploads = child(uploadLog, env, dir, "sh", "-c", script.toString());
    awaitWithin(Duration.ofMinutes(3), () -> count(uploadLog, "ok ") >= 3 || !uploads.isAlive(),
        "three acknowledged uploads");
    long engineJvm = jvm(container("engine"));
    assertThat(uploads.isAlive()).as("the upload loop still runs when the engine is killed").isTrue();
    long ackedBefore = count(uploadLog, "ok ");
    kill9(engineJvm);
    long e0 = System.nanoTime();
    // The agent brings the engine back (a new JVM); S3 reaches it again through the same frontend.
    awaitWithin(HANG, () -> {
      assertAlive(agent, agentLog);
      return newEngineJvm(engineJvm) && s3Answers(env, s3Url);
    }, "a new engine JVM and S3 answering through it");
    System.out.printf("NodeIT: engine JVM SIGKILLed after %d acknowledged uploads; S3 serving through"
        + " the restarted engine %.2f s later%n", ackedBefore, (System.nanoTime() - e0) / 1e9);
    assertThat(uploads.waitFor(10, TimeUnit.MINUTES)).as("upload loop ended").isTrue();
    List<String> outcomes = Files.readAllLines(uploadLog);
    System.out.println("NodeIT: uploads around the engine kill: " + outcomes);
    int acknowledged = 0;
    for (String line : outcomes) {
      if (line.startsWith("ok ")) {
        int i = Integer.parseInt(line.substring(3).strip());
        Path back = dir.resolve("back" + i);
        aws(env, s3Url, "s3", "cp", "s3://" + BUCKET + "/up/p" + i, back.toString());
        assertThat(Files.readAllBytes(back)).as("acknowledged upload p" + i).isEqualTo(bodies.get(i));
        acknowledged++;
      }
    }
    assertThat(acknowledged).as("acknowledged uploads").isGreaterThanOrEqualTo(3);
    assertThat(container("s3")).as("the s3 container (not recreated)").isEqualTo(s3Id);
    assertThat(jvm(s3Id)).as("the s3 JVM reconnected without a restart").isEqualTo(s3Pid);
    assertThat(jvm(datasetId)).as("the dataset JVM reconnected without a restart").isEqualTo(datasetPid);

    // --- upgrade s3 to another tag of the same image.
    docker.tagImageCmd(image("s3"), "localhost/estuary-s3", "2").exec();
    List<String> upgrade = run(dir.resolve("upgrade.log"), Duration.ofMinutes(5), "node", "upgrade", "s3",
        "--image", "2", "-f", description.toString());
    assertThat(String.join("\n", upgrade)).contains("upgraded to localhost/estuary-s3:2");
    String upgraded = container("s3");
    assertThat(docker.inspectContainerCmd(upgraded).exec().getConfig().getImage())
        .isEqualTo("localhost/estuary-s3:2");
    aws(env, s3Url, "s3", "cp", "s3://" + BUCKET + "/big.bin", down.toString());
    assertThat(Files.readAllBytes(down)).as("big.bin through the upgraded s3").isEqualTo(big);

    // --- node down: nothing with the node's label is left.
    run(dir.resolve("down.log"), Duration.ofMinutes(3), "node", "down", "-f", description.toString());
    assertThat(nodeContainers()).as("containers labelled " + NODE).isEmpty();
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("the agent ends after node down").isTrue();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static final Pattern LOG_TS = Pattern.compile("^ts=(\\S+) ");
  private static final Pattern JVM_MS = Pattern.compile(" jvm_ms=(\\d+) start_ms=(\\d+)");

  /**
   * Where the restart's time went, each step as seconds after the SIGKILL: the agent's log (its
   * "down" and "restarted" lines), Podman's start time of the container, and the new JVM's own
   * "started" line (jvm_ms: process birth to the gateway's start; start_ms: from there to listening).
   */
  private String restartBreakdown(Instant killedAt, Path agentLog, String id, double listening,
      double answered) throws Exception {
    Instant down = null;
    Instant restarted = null;
    for (String line : Files.readAllLines(agentLog)) {
      Matcher ts = LOG_TS.matcher(line);
      if (!ts.find()) {
        continue;
      }
      Instant at = Instant.parse(ts.group(1));
      if (at.isBefore(killedAt)) {
        continue;
      }
      if (down == null && line.contains(": s3 down (")) {
        down = at;
      } else if (restarted == null && line.contains(": s3 restarted (")) {
        restarted = at;
      }
    }
    Instant containerStarted = Instant.parse(docker().inspectContainerCmd(id).exec().getState()
        .getStartedAt());
    StringBuilder out = new StringBuilder();
    docker().logContainerCmd(id).withStdOut(true).withStdErr(true).withSince(
        (int) killedAt.getEpochSecond()).exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
          }
        }).awaitCompletion(1, TimeUnit.MINUTES);
    String jvm = "?";
    String gateway = "?";
    String started = "?";
    for (String line : out.toString().lines().toList()) {
      Matcher m = JVM_MS.matcher(line);
      Matcher ts = LOG_TS.matcher(line);
      if (line.contains("msg=\"started data=") && m.find() && ts.find()) {
        Instant listen = Instant.parse(ts.group(1));
        Instant gatewayStart = listen.minusMillis(Long.parseLong(m.group(2)));
        Instant born = gatewayStart.minusMillis(Long.parseLong(m.group(1)));
        jvm = secondsAfter(killedAt, born);
        gateway = secondsAfter(killedAt, gatewayStart);
        started = secondsAfter(killedAt, listen);
      }
    }
    return String.format("agent saw it down %s, podman start returned %s (container started %s),"
        + " JVM born %s, gateway start %s, frontend listening %s, port took a connection %.2f,"
        + " aws request answered %.2f", secondsAfter(killedAt, down), secondsAfter(killedAt, restarted),
        secondsAfter(killedAt, containerStarted), jvm, gateway, started, listening, answered);
  }

  /** User plus system CPU time of the container's JVM, from /proc (clock ticks of 1/100 s). */
  private double cpuSeconds(String id) {
    try {
      String stat = Files.readString(Path.of("/proc/" + jvm(id) + "/stat"));
      // The fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException | AssertionError e) {
      return -1;
    }
  }

  private static String secondsAfter(Instant t0, @org.jspecify.annotations.Nullable Instant t) {
    return t == null ? "?" : String.format("%.2f", Duration.between(t0, t).toMillis() / 1e3);
  }

  private static String image(String role) {
    return "localhost/estuary-" + role + ":" + BuiltImages.TAG;
  }

  private DockerClient docker() {
    DockerClient d = docker;
    if (d == null) {
      throw new IllegalStateException("no Podman client yet");
    }
    return d;
  }

  private List<Container> nodeContainers() {
    return docker().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("dev.estuary.node", NODE)).exec();
  }

  /** The id of the role's container, found by its labels. */
  private String container(String role) {
    List<Container> found = docker().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("dev.estuary.node", NODE, "dev.estuary.role", role)).exec();
    assertThat(found).as(role + " container").hasSize(1);
    return found.get(0).getId();
  }

  /** The container's JVM: its main process, or that process's child when Podman runs an init. */
  private long jvm(String id) throws IOException {
    long pid = docker().inspectContainerCmd(id).exec().getState().getPidLong();
    if (isJava(pid)) {
      return pid;
    }
    String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).strip();
    for (String c : children.split("\\s+")) {
      if (!c.isEmpty() && isJava(Long.parseLong(c))) {
        return Long.parseLong(c);
      }
    }
    throw new AssertionError("no java process in container " + id + " (pid " + pid + ")");
  }

  /** Whether the engine container (found again by its labels) runs a JVM other than {@code old}. */
  private boolean newEngineJvm(long old) {
    try {
      String now = container("engine");
      return docker().inspectContainerCmd(now).exec().getState().getRunning() == Boolean.TRUE
          && jvm(now) != old;
    } catch (IOException | RuntimeException | AssertionError e) {
      return false; // between the old process and the new one
    }
  }

  private static boolean isJava(long pid) throws IOException {
    return Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals("java");
  }

  private static void kill9(long pid) throws Exception {
    Process p = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor()).as("kill -9 " + pid).isZero();
  }

  /** Runs the estuary CLI inside a container (its image's entrypoint) and returns its output. */
  private List<String> exec(String id, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(Arrays.asList(
        docker().inspectContainerCmd(id).exec().getConfig().getEntrypoint()));
    cmd.addAll(List.of(args));
    String exec = docker().execCreateCmd(id).withCmd(cmd.toArray(String[]::new)).withAttachStdout(true)
        .withAttachStderr(true).exec().getId();
    StringBuilder out = new StringBuilder();
    docker().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion(2, TimeUnit.MINUTES);
    Long exit = docker().inspectExecCmd(exec).exec().getExitCodeLong();
    assertThat(exit).as("estuary " + String.join(" ", args) + " in the container:\n" + out).isEqualTo(0L);
    return out.toString().lines().toList();
  }

  private Process estuary(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", BuiltImages.lib() + "/*",
        "dev.estuary.core.cli.Main"));
    cmd.addAll(List.of(args));
    return child(log, Map.of(), log.getParent(), cmd.toArray(String[]::new));
  }

  /** Runs the estuary CLI to its end; exit 0 expected. */
  private List<String> run(Path log, Duration limit, String... args) throws Exception {
    Process p = estuary(log, args);
    assertThat(p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).as("estuary " + String.join(" ", args))
        .isTrue();
    List<String> out = Files.readAllLines(log);
    assertThat(p.exitValue()).as("estuary " + String.join(" ", args) + ":\n" + String.join("\n", out))
        .isZero();
    return out;
  }

  private Process child(Path log, Map<String, String> env, Path cwd, String... cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    children.add(p);
    return p;
  }

  private List<String> aws(Map<String, String> env, String url, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", url));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile("aws-", ".log");
    try {
      Process p = child(log, env, log.getParent(), cmd.toArray(String[]::new));
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
      List<String> out = Files.readAllLines(log);
      assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + String.join("\n", out)).isZero();
      return out;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Whether an authenticated request succeeds (the S3 service serves and reaches the engine). */
  private boolean s3Answers(Map<String, String> env, String url) {
    try {
      Map<String, String> once = new HashMap<>(env);
      once.put("AWS_MAX_ATTEMPTS", "1");
      Path log = Files.createTempFile("aws-", ".log");
      Process p = child(log, once, log.getParent(), "aws", "--endpoint-url", url,
          "--cli-connect-timeout", "2", "--cli-read-timeout", "5", "s3", "ls", "s3://" + BUCKET);
      boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      p.destroyForcibly();
      Files.deleteIfExists(log);
      return ok;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Installs pytorch-frontend's Python package into a venv over Debian's torch (as TorchClientIT). */
  private Path installTorchClient(Path dir) throws Exception {
    assertThat(Path.of(PYTHON)).as("Debian's python3 (apt-get install python3-torch python3-grpcio)")
        .exists();
    Path venv = dir.resolve("venv");
    for (List<String> cmd : List.of(
        List.of(PYTHON, "-m", "venv", "--system-site-packages", venv.toString()),
        List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install", "--no-index",
            "--no-cache-dir", "--disable-pip-version-check",
            BuiltImages.repo().resolve("pytorch-frontend/python").toString()))) {
      Path log = dir.resolve("pip.log");
      Process p = child(log, Map.of(), dir, cmd.toArray(String[]::new));
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
      assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + Files.readString(log)).isZero();
    }
    return venv.resolve("bin/python");
  }

  private static int epochs(Path progress) {
    try {
      return Integer.parseInt(Files.readString(progress).strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static long count(Path log, String prefix) {
    try (Stream<String> s = Files.lines(log)) {
      return s.filter(l -> l.startsWith(prefix)).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void assertAlive(Process p, Path log) {
    if (!p.isAlive()) {
      String out;
      try {
        out = Files.readString(log);
      } catch (IOException e) {
        out = e.toString();
      }
      throw new AssertionError("process ended with " + p.exitValue() + ":\n" + out);
    }
  }

  private static void match(Pattern p, String line, String key, Map<String, String> into) {
    Matcher m = p.matcher(line.strip());
    if (m.find()) {
      into.put(key, m.group(1));
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitWithin(Duration limit, java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    PodmanService.await(limit, condition, what);
  }
}

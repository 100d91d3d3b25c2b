package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Node mode end to end (issue 13, "Frontends against a remote engine"): an {@code estuary engine}
 * process owns the data directory and {@code estuary serve --backend unix:...} processes run the
 * frontends. The S3 client tests of s3-frontend (aws CLI, boto3, rclone) run unchanged against
 * such a frontend process; users added and granted with the CLI reach the running frontend within
 * a second; the daemon killed with SIGKILL and started again is waited for and the frontend
 * resumes; bad endpoints, tokens and listeners fail with one clear error each.
 */
class NodeModeIT {
  private static final Pattern ACCESS = Pattern.compile("^s3 access key\\s+(\\S+)");
  private static final Pattern SECRET = Pattern.compile("^s3 secret key\\s+(\\S+)");
  private static final Pattern PASSWORD = Pattern.compile("^password\\s+(\\S+)");

  @Test
  void theS3ClientTestsPassAgainstAFrontendProcessOfTheNode(@TempDir Path tmp) throws Exception {
    try (EstuaryNode node = EstuaryNode.start(tmp)) {
      Map<String, String> writer = addUser(node, "writer", "--admin");
      // As the SSE tests' own server: SSE-C over plain HTTP from loopback (the key never leaves).
      EstuaryProcess s3 = node.serve("s3", "--s3-port", "0", "--frontend-option",
          "s3.sse-c-over-http=loopback");
      String url = EstuaryNode.endpoint(s3, "s3");
      Map<String, String> props = Map.of("estuary.s3.endpoint", url,
          "estuary.s3.accessKey", writer.get("access"), "estuary.s3.secretKey", writer.get("secret"));
      props.forEach(System::setProperty);
      TestExecutionSummary summary;
      try {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass("dev.estuary.s3.clients.AwsCliTest"),
                selectClass("dev.estuary.s3.clients.Boto3Test"),
                selectClass("dev.estuary.s3.clients.RcloneTest"),
                // SSE-S3 data keys are wrapped by the daemon: its master keys, not the frontend's.
                selectClass("dev.estuary.s3.clients.AwsCliSseTest"),
                selectClass("dev.estuary.s3.clients.Boto3SseTest"))
            .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        summary = listener.getSummary();
      } finally {
        props.keySet().forEach(System::clearProperty);
      }
      StringWriter report = new StringWriter();
      summary.printFailuresTo(new PrintWriter(report), 30);
      // 6 + 1 + 2 + 2 + 1 when this was written: a class that fails to load would show as fewer.
      assertThat(summary.getTestsFoundCount()).as("tests found").isGreaterThanOrEqualTo(12);
      assertThat(summary.getTotalFailureCount()).as("failures:%n%s", report).isZero();
      assertThat(summary.getTestsSkippedCount()).as("skipped").isZero();
      assertThat(summary.getTestsSucceededCount()).isEqualTo(summary.getTestsFoundCount());
      assertThat(node.data().resolve("sse-master-keys")).exists();
      assertThat(tmp.resolve("frontend-state-1/sse-master-keys")).doesNotExist();
      assertThat(s3.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(node.engine().terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void usersAddedAndGrantedWithTheCliReachTheRunningFrontendWithinASecond(@TempDir Path tmp)
      throws Exception {
    try (EstuaryNode node = EstuaryNode.start(tmp)) {
      Map<String, String> admin = addUser(node, "root", "--admin");
      EstuaryProcess s3 = node.serve("s3", "--s3-port", "0");
      String url = EstuaryNode.endpoint(s3, "s3");
      try (S3Client root = s3(url, admin)) {
        root.createBucket(b -> b.bucket("shared"));
        root.putObject(b -> b.bucket("shared").key("hello"), RequestBody.fromString("hi"));
      }
      // A user added while the frontend runs: its keys work within a second, with no restart.
      Map<String, String> carol = addUser(node, "carol");
      try (S3Client c = s3(url, carol)) {
        long added = System.nanoTime();
        awaitWithin(Duration.ofSeconds(1), () -> status(() -> c.listBuckets()) == 200,
            "carol's keys accepted");
        long known = System.nanoTime();
        assertThat(status(() -> c.listObjectsV2(b -> b.bucket("shared")))).isEqualTo(403);
        node.cli("user", "grant", "carol", "shared", "read");
        awaitWithin(Duration.ofSeconds(1),
            () -> status(() -> c.listObjectsV2(b -> b.bucket("shared"))) == 200,
            "carol's grant effective");
        assertThat(c.getObjectAsBytes(b -> b.bucket("shared").key("hello")).asUtf8String())
            .isEqualTo("hi");
        System.out.printf("node mode: user visible after %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(known - added));
        node.cli("user", "delete", "carol");
        awaitWithin(Duration.ofSeconds(1), () -> status(() -> c.listBuckets()) == 403,
            "carol's keys refused after delete");
      }
    }
  }

  @Test
  void theEngineKilledAndStartedAgainIsWaitedForAndTheFrontendResumes(@TempDir Path tmp)
      throws Exception {
    try (EstuaryNode node = EstuaryNode.start(tmp)) {
      Map<String, String> admin = addUser(node, "root", "--admin");
      EstuaryProcess s3 = node.serve("s3", "--s3-port", "0");
      String url = EstuaryNode.endpoint(s3, "s3");
      try (S3Client root = s3(url, admin)) {
        root.createBucket(b -> b.bucket("durable"));
        root.putObject(b -> b.bucket("durable").key("before"), RequestBody.fromString("acked"));

        node.killEngine();
        // During the outage a request fails with 503 ServiceUnavailable (ErrorKind.UNAVAILABLE), which
        // clients retry, never a client error that would make them give up; the process stays up.
        // It comes after the backend's outage wait (10 s), before the SDK's 30 s read timeout.
        long asked = System.nanoTime();
        int during = status(() -> root.getObjectAsBytes(b -> b.bucket("durable").key("before")));
        System.out.printf("node mode: outage answer after %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
        assertThat(during).as("status during the outage").isEqualTo(503);
        System.out.printf("node mode: status during the engine outage %d%n", during);

        node.startEngine();
        awaitWithin(Duration.ofSeconds(60), () -> status(() -> root.getObjectAsBytes(
            b -> b.bucket("durable").key("before"))) == 200, "the frontend serving again");
        assertThat(root.getObjectAsBytes(b -> b.bucket("durable").key("before")).asUtf8String())
            .isEqualTo("acked");
        root.putObject(b -> b.bucket("durable").key("after"), RequestBody.fromString("again"));
        assertThat(root.getObjectAsBytes(b -> b.bucket("durable").key("after")).asUtf8String())
            .isEqualTo("again");
      }
      assertThat(s3.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void aMissingSocketIsOneClearError(@TempDir Path tmp) throws Exception {
    Path missing = tmp.resolve("nothing/engine.sock");
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(), "serve", "--backend", "unix:" + missing,
        "--data", tmp.resolve("state").toString(), "--admin-port", "0", "--frontends", "s3",
        "--s3-port", "0");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).anySatisfy(l -> assertThat(l).contains("unix:" + missing)
        .contains("no such socket").contains("estuary engine"));
  }

  @Test
  void tcpWithoutTlsAndTokenIsRefused(@TempDir Path tmp) throws Exception {
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(), "engine", "--data",
        tmp.resolve("data").toString(), "--admin-port", "0", "--listen", "127.0.0.1:0");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(String.join("\n", r.stderr())).contains("--listen 127.0.0.1:0: TCP without TLS")
        .contains("--tls-cert");
    assertThat(tmp.resolve("data/run/engine.sock")).doesNotExist();
  }

  @Test
  void aWrongNodeTokenOverTcpIsOneClearErrorAndTheRightOneServes(@TempDir Path tmp)
      throws Exception {
    SelfSignedCert tls = SelfSignedCert.create(tmp);
    Path token = Files.writeString(tmp.resolve("node-token"), "node-token-0123456789abcdef\n");
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    try (EstuaryProcess engine = EstuaryProcess.start(Map.of(), "engine", "--data",
        tmp.resolve("data").toString(), "--admin-port", "0", "--listen", "127.0.0.1:" + port,
        "--tls-cert", tls.cert().toString(), "--tls-key", tls.key().toString(),
        "--node-token-file", token.toString())) {
      engine.awaitStdout(l -> l.startsWith("engine") && l.contains("tcp://127.0.0.1:" + port),
          Duration.ofSeconds(60));
      String endpoint = "tcp://127.0.0.1:" + port;
      EstuaryProcess.Result wrong = EstuaryProcess.run(Map.of(), "serve", "--backend", endpoint,
          "--backend-option", "token=not-the-node-token", "--backend-option", "trust=" + tls.cert(),
          "--backend-option", "deadline=10s", "--data", tmp.resolve("state-1").toString(),
          "--admin-port", "0", "--frontends", "s3", "--s3-port", "0");
      assertThat(wrong.exitCode()).as("%s", wrong.stderr()).isEqualTo(1);
      assertThat(wrong.stderr()).anySatisfy(l -> assertThat(l).startsWith("estuary serve: backend: "
          + endpoint).contains("refused the node token"));
      try (EstuaryProcess right = EstuaryProcess.start(Map.of(), "serve", "--backend", endpoint,
          "--backend-option", "token=" + Files.readString(token).strip(),
          "--backend-option", "trust=" + tls.cert(), "--data", tmp.resolve("state-2").toString(),
          "--bind", "127.0.0.1", "--admin-port", "0", "--frontends", "s3", "--s3-port", "0")) {
        assertThat(EstuaryNode.endpoint(right, "s3")).startsWith("http://127.0.0.1:");
      }
    }
  }

  @Test
  void aPutThroughS3InOneProcessIsAChangeNotificationOfSmbInAnother(@TempDir Path tmp)
      throws Exception {
    try (EstuaryNode node = EstuaryNode.start(tmp)) {
      Map<String, String> admin = addUser(node, "root", "--admin");
      node.cli("volume", "create", "watched");
      EstuaryProcess s3 = node.serve("s3", "--s3-port", "0");
      EstuaryProcess smb = node.serve("smb", "--smb-port", "0");
      String s3Url = EstuaryNode.endpoint(s3, "s3");
      Matcher smbPort = Pattern.compile("^smb\\s+smb://[^ ]+:(\\d+)")
          .matcher(smb.awaitStdout(l -> l.startsWith("smb"), Duration.ofSeconds(60)));
      assertThat(smbPort.find()).isTrue();
      Path conf = Files.writeString(tmp.resolve("smb.conf"), "[global]\n");
      // smbclient's notify (Debian's client, SMB2 CHANGE_NOTIFY on the share's root, answered
      // by the SMB frontend's watch on the remote backend) prints one line per change; stdbuf
      // makes each line reach us as it is printed.
      Process notify = new ProcessBuilder("/usr/bin/stdbuf", "-o0", "/usr/bin/smbclient", "-s",
          conf.toString(), "-p", smbPort.group(1), "//127.0.0.1/watched", "-U",
          "root%" + admin.get("password"), "-m", "SMB3_11", "-c", "notify \\")
          .redirectErrorStream(true).start();
      StringBuilder seen = new StringBuilder();
      Thread.ofVirtual().start(() -> {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
            notify.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            synchronized (seen) {
              seen.append(line).append('\n');
            }
          }
        } catch (java.io.IOException e) {
          // smbclient ended
        }
      });
      try (S3Client root = s3(s3Url, admin)) {
        // The notify is armed some time after smbclient starts: PUT new keys until one of them is
        // reported, waiting on that condition.
        int[] n = {0};
        awaitWithin(Duration.ofSeconds(60), () -> {
          String key = "from-s3-" + (n[0]++) + ".txt";
          root.putObject(b -> b.bucket("watched").key(key), RequestBody.fromString("x"));
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
          while (System.nanoTime() < until) {
            synchronized (seen) {
              if (seen.toString().matches("(?s).*\\b0001 from-s3-\\d+\\.txt\\b.*")) {
                return true;
              }
            }
            assertThat(notify.isAlive()).as("smbclient notify: %s", seen).isTrue();
            LockSupport.parkNanos(5_000_000);
          }
          return false;
        }, "an SMB change notification of an S3 PUT from another process");
      } finally {
        notify.destroyForcibly();
      }
    }
  }

  @Test
  void adminCommandsRefuseARemoteBackend(@TempDir Path tmp) throws Exception {
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(), "user", "add", "x", "--backend",
        "unix:" + tmp.resolve("engine.sock"), "--data", tmp.resolve("d").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(String.join("\n", r.stderr())).contains("expected: --data of the engine daemon");
  }

  static Map<String, String> addUser(EstuaryNode node, String name, String... more)
      throws Exception {
    Map<String, String> user = new HashMap<>();
    String[] args = new String[3 + more.length];
    args[0] = "user";
    args[1] = "add";
    args[2] = name;
    System.arraycopy(more, 0, args, 3, more.length);
    for (String line : node.cli(args).stdout()) {
      match(ACCESS, line, "access", user);
      match(SECRET, line, "secret", user);
      match(PASSWORD, line, "password", user);
    }
    assertThat(user).containsKeys("access", "secret");
    return user;
  }

  private static void match(Pattern p, String line, String key, Map<String, String> into) {
    Matcher m = p.matcher(line.strip());
    if (m.find()) {
      into.put(key, m.group(1));
    }
  }

  static S3Client s3(String url, Map<String, String> keys) {
    return S3Client.builder()
        .endpointOverride(URI.create(url))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(keys.get("access"), keys.get("secret"))))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        // Each attempt is seen by the test: no retries hide a status.
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(
            software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  /** The HTTP status a request gets: 200 when it succeeds. */
  static int status(Runnable request) {
    try {
      request.run();
      return 200;
    } catch (S3Exception e) {
      return e.statusCode();
    } catch (SdkException e) {
      return 599; // no HTTP answer at all (connection reset, timeout)
    }
  }

  /** Waits on a condition (polling every millisecond), failing if it takes longer than {@code max}. */
  static void awaitWithin(Duration max, BooleanSupplier condition, String what) {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %s", what, max).isLessThan(deadline);
      LockSupport.parkNanos(1_000_000);
    }
  }
}

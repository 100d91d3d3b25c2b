package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client package against the real server (issue 4, "Tests"): starts {@code estuary
 * serve} with the dataset service (and S3 when the build has it) on free ports, creates a volume
 * and three users (write grant, read grant, no grant) with API tokens through the CLI, installs
 * {@code pytorch-frontend/python} with pip into a fresh venv offline ({@code --no-index}: the
 * install itself is under test), and runs its pytest suite, which reads through PyTorch's
 * DataLoader; then restarts the server with TLS only (a keytool-made certificate) and runs the
 * suite's TLS tests. Fails, never skips, when Debian's python3 or one of its modules is missing
 * ({@code ./run-tests} installs them).
 */
class TorchClientIT {
  /** Debian's interpreter: the one that sees python3-torch, python3-grpcio, ... */
  private static final String PYTHON = "/usr/bin/python3";
  private static final String VOLUME = "torchtest";
  private static final Pattern URL = Pattern.compile("^(\\S+)\\s+(\\S+://\\S+)");
  private static final Pattern TOKEN = Pattern.compile("^token\\s+(?!id\\s)(\\S+)");
  private static final Pattern ACCESS = Pattern.compile("^s3 access key\\s+(\\S+)");
  private static final Pattern SECRET = Pattern.compile("^s3 secret key\\s+(\\S+)");

  @Test
  void pythonPackage_installsOffline_andItsPytestSuitePassesAgainstTheServer(@TempDir Path tmp)
      throws Exception {
    Path repo = Path.of(System.getProperty("estuary.repo", "..")).toAbsolutePath().normalize();
    Path pkg = repo.resolve("pytorch-frontend/python");
    assertThat(pkg.resolve("pyproject.toml")).exists();
    requirePython();

    String data = tmp.resolve("data").toString();
    cli("volume", "create", VOLUME, "--data", data);
    Map<String, String> writer = addUser(data, "writer", "write");
    Map<String, String> reader = addUser(data, "reader", "read");
    Map<String, String> outsider = addUser(data, "outsider", null);

    Path python;
    Map<String, String> env = new HashMap<>();
    try (EstuaryProcess server = startServer(tmp, data, "--bind", "127.0.0.1", "--admin-port", "0",
        "--frontends", "dataset,s3", "--dataset-port", "0", "--s3-port", "0")) {
      String dataset = endpoint(server, "dataset");
      // The distribution always contains the S3 frontend: the same files must be S3 objects.
      String s3Url = endpoint(server, "s3");

      Path venv = Path.of("target", "torch-venv").toAbsolutePath();
      deleteTree(venv);
      run(List.of(PYTHON, "-m", "venv", "--system-site-packages", venv.toString()), Map.of(), repo,
          Duration.ofMinutes(2));
      python = venv.resolve("bin/python");
      run(List.of(python.toString(), "-m", "pip", "install", "--no-index", "--no-cache-dir",
          "--disable-pip-version-check", pkg.toString()), Map.of(), repo, Duration.ofMinutes(3));

      env.put("ESTUARY_TEST_ENDPOINT", dataset.replaceFirst("^[a-z]+://", ""));
      env.put("ESTUARY_TEST_VOLUME", VOLUME);
      env.put("ESTUARY_TEST_TOKEN", writer.get("token"));
      env.put("ESTUARY_TEST_READER_TOKEN", reader.get("token"));
      env.put("ESTUARY_TEST_OUTSIDER_TOKEN", outsider.get("token"));
      env.put("ESTUARY_TEST_S3_ENDPOINT", s3Url);
      env.put("ESTUARY_TEST_S3_ACCESS_KEY", writer.get("access"));
      env.put("ESTUARY_TEST_S3_SECRET_KEY", writer.get("secret"));
      // The engine's data directory: test_parallel_checkpoint damages a stored byte on disk.
      env.put("ESTUARY_TEST_DATA_DIR", data);
      // Run from a scratch directory so the source tree (without generated stubs) is never
      // imported instead of the installed package.
      run(List.of(python.toString(), "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
          "-m", "not tls", pkg.resolve("tests").toString()), env, tmp, Duration.ofMinutes(10));

      stopServer(server);
    }

    // Second pass: the same data directory served over TLS only.
    SelfSignedCert tls = SelfSignedCert.create(tmp);
    try (EstuaryProcess server = startServer(tmp, data,
        "--bind", "127.0.0.1", "--admin-port", "0", "--frontends", "dataset", "--dataset-port", "0",
        "--frontend-option", "dataset.tls-cert=" + tls.cert(),
        "--frontend-option", "dataset.tls-key=" + tls.key())) {
      String dataset = endpoint(server, "dataset");
      assertThat(dataset).startsWith("grpcs://");
      env.put("ESTUARY_TEST_ENDPOINT", dataset.replaceFirst("^[a-z]+://", ""));
      env.put("ESTUARY_TEST_TLS_ENDPOINT", dataset);
      env.put("ESTUARY_TEST_TLS_CA", tls.cert().toString());
      run(List.of(python.toString(), "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
          "-m", "tls", pkg.resolve("tests").toString()), env, tmp, Duration.ofMinutes(5));
      stopServer(server);
    }
  }

  /**
   * Starts what serves the frontends on a data directory: here one {@code estuary serve}; node
   * mode's subclass starts an engine daemon and a frontend process against it.
   *
   * @param tmp a scratch directory
   * @param data the data directory, prepared with the CLI
   * @param args {@code serve}'s arguments other than the data directory and the backend
   * @return the process that prints the frontends' endpoints
   * @throws Exception if it cannot start
   */
  EstuaryProcess startServer(Path tmp, String data, String... args) throws Exception {
    List<String> serve = new ArrayList<>(List.of("serve", "--data", data));
    serve.addAll(List.of(args));
    return EstuaryProcess.start(Map.of(), serve.toArray(String[]::new));
  }

  /**
   * Stops what {@link #startServer} started with SIGTERM, each process exiting with 0.
   *
   * @param server the process it returned
   * @throws Exception if a process does not stop cleanly
   */
  void stopServer(EstuaryProcess server) throws Exception {
    assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(0);
  }

  /** Fails with the package to install when Debian's python3 or a module the tests use is missing. */
  private static void requirePython() throws Exception {
    assertThat(Path.of(PYTHON)).as("%s (expected: Debian's python3; ./run-tests installs it)", PYTHON)
        .isExecutable();
    String[][] modules = {{"torch", "python3-torch"}, {"grpc", "python3-grpcio"},
        {"google.protobuf", "python3-protobuf"}, {"numpy", "python3-numpy"}, {"PIL", "python3-pil"},
        {"pytest", "python3-pytest"}, {"boto3", "python3-boto3"}, {"crc32c", "python3-crc32c"},
        {"ensurepip", "python3-venv"}};
    for (String[] m : modules) {
      Process p = new ProcessBuilder(PYTHON, "-c", "import " + m[0]).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("import %s with %s failed (expected: apt-get install %s): %s",
          m[0], PYTHON, m[1], out).isZero();
    }
  }

  private static Map<String, String> addUser(String data, String name, String permission)
      throws Exception {
    Map<String, String> user = new HashMap<>();
    for (String line : cli("user", "add", name, "--data", data).stdout()) {
      match(ACCESS, line, "access", user);
      match(SECRET, line, "secret", user);
    }
    for (String line : cli("user", "keys", name, "--new-token", "--description", "pytest",
        "--data", data).stdout()) {
      match(TOKEN, line, "token", user);
    }
    if (permission != null) {
      cli("user", "grant", name, VOLUME, permission, "--data", data);
    }
    assertThat(user).containsKeys("access", "secret", "token");
    return user;
  }

  private static void match(Pattern p, String line, String key, Map<String, String> into) {
    Matcher m = p.matcher(line.strip());
    if (m.find()) {
      into.put(key, m.group(1));
    }
  }

  private static EstuaryProcess.Result cli(String... args) throws Exception {
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(), args);
    assertThat(r.exitCode()).as("estuary %s: %s %s", String.join(" ", args), r.stdout(), r.stderr())
        .isZero();
    return r;
  }

  /** The URL the server printed for a frontend, e.g. "dataset grpc://127.0.0.1:40123". */
  private static String endpoint(EstuaryProcess server, String name) throws InterruptedException {
    String line = server.awaitStdout(l -> {
      Matcher m = URL.matcher(l.strip());
      return m.find() && m.group(1).equals(name);
    }, Duration.ofSeconds(60));
    Matcher m = URL.matcher(line.strip());
    assertThat(m.find()).isTrue();
    return m.group(2);
  }

  /** Runs a command, echoing its output, and asserts exit code 0 (the output is in the message). */
  private static void run(List<String> command, Map<String, String> env, Path dir, Duration timeout)
      throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    b.environment().putAll(env);
    b.environment().remove("PYTHONPATH");
    Process p = b.start();
    StringBuilder out = new StringBuilder();
    Thread pump = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          System.out.println(line);
          synchronized (out) {
            out.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + ": did not finish within " + timeout
          + "\n" + out);
    }
    pump.join(5000);
    synchronized (out) {
      assertThat(p.exitValue()).as("%s exited with %s:%n%s", String.join(" ", command),
          p.exitValue(), out).isZero();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted((a, c) -> c.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}

package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node mode from processes of the assembled distribution (DESIGN §6.2): an {@code estuary engine}
 * daemon on a data directory and {@code estuary serve --backend unix:<socket>} frontend processes,
 * each with a state directory of its own. The daemon can be killed with SIGKILL and started again
 * on the same data directory.
 */
final class EstuaryNode implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("^(\\S+)\\s+(\\S+://\\S+)");

  private final Path data;
  private final Path socket;
  private final Path tmp;
  private final List<EstuaryProcess> frontends = new ArrayList<>();
  private EstuaryProcess engine;
  private int states;

  private EstuaryNode(Path tmp, Path data) {
    this.tmp = tmp;
    this.data = data;
    this.socket = data.resolve("run").resolve("engine.sock");
  }

  /**
   * Starts the engine daemon on {@code <tmp>/data} (admin port free, socket at the default).
   *
   * @param tmp a scratch directory
   * @return the node
   * @throws Exception if the daemon does not come up
   */
  static EstuaryNode start(Path tmp) throws Exception {
    EstuaryNode n = new EstuaryNode(tmp, tmp.resolve("data"));
    n.startEngine();
    return n;
  }

  /** Starts (again) the engine daemon and waits until its socket is served. */
  void startEngine() throws Exception {
    engine = EstuaryProcess.start(Map.of(), "engine", "--data", data.toString(), "--bind",
        "127.0.0.1", "--admin-port", "0");
    engine.awaitStdout(l -> l.startsWith("engine") && l.contains("unix:" + socket),
        Duration.ofSeconds(60));
  }

  /** Kills the engine daemon with SIGKILL and waits for it to be gone. */
  void killEngine() throws InterruptedException {
    engine.kill();
  }

  /**
   * Starts a frontend process against the daemon.
   *
   * @param frontends the {@code --frontends} list
   * @param more further arguments (ports)
   * @return the process, once it printed its endpoints
   * @throws Exception if it does not come up
   */
  EstuaryProcess serve(String frontends, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("serve", "--backend", "unix:" + socket, "--data",
        tmp.resolve("frontend-state-" + (++states)).toString(), "--bind", "127.0.0.1",
        "--admin-port", "0", "--frontends", frontends));
    args.addAll(List.of(more));
    EstuaryProcess p = EstuaryProcess.start(Map.of(), args.toArray(String[]::new));
    this.frontends.add(p);
    p.awaitStdout(l -> l.startsWith("admin"), Duration.ofSeconds(60));
    return p;
  }

  /**
   * Runs an admin CLI command on the daemon's data directory (it reaches the running daemon).
   *
   * @param args the command, without {@code --data}
   * @return its result, exit code 0 asserted
   * @throws Exception if it cannot run
   */
  EstuaryProcess.Result cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", data.toString()));
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(), all.toArray(String[]::new));
    assertThat(r.exitCode()).as("estuary %s: %s %s", String.join(" ", all), r.stdout(),
        r.stderr()).isZero();
    return r;
  }

  /**
   * Returns the URL a process printed for a frontend, e.g. {@code http://127.0.0.1:40123}.
   *
   * @param p the process
   * @param name the frontend
   * @return the URL
   * @throws InterruptedException if interrupted while waiting
   */
  static String endpoint(EstuaryProcess p, String name) throws InterruptedException {
    String line = p.awaitStdout(l -> {
      Matcher m = URL.matcher(l.strip());
      return m.find() && m.group(1).equals(name);
    }, Duration.ofSeconds(60));
    Matcher m = URL.matcher(line.strip());
    assertThat(m.find()).isTrue();
    return m.group(2);
  }

  Path data() {
    return data;
  }

  Path socket() {
    return socket;
  }

  EstuaryProcess engine() {
    return engine;
  }

  @Override
  public void close() throws Exception {
    for (EstuaryProcess p : frontends) {
      p.close();
    }
    engine.close();
  }
}

package dev.estuary.bench.nfs.internal;

import dev.estuary.testing.linuxguest.NfsGanesha;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the servers under test, each its own process on a free port of 127.0.0.1. */
public final class Servers {
  private Servers() {}

  /** A started server and how to stop it. */
  public record Running(Server server, AutoCloseable stop, String description) {}

  /** The volume the benchmark creates and exports on our server. */
  public static final String VOLUME = "bench";

  /** What {@code ./estuary} gives its JVM besides ESTUARY_JAVA_OPTS. */
  private static final List<String> ESTUARY_JVM = List.of("--enable-native-access=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "-XX:+UseTransparentHugePages");

  /** The endpoint line {@code estuary serve} prints per frontend: {@code nfs <host>:<port>}. */
  private static final Pattern NFS_ENDPOINT = Pattern.compile("(?m)^nfs\\s+\\S*:(\\d+)\\b");

  /**
   * Our server as the product runs it: the {@code estuary} command line ({@code dev.estuary.core.cli.Main},
   * the class {@code ./estuary} runs, here on this JVM's class path, which holds the nfs frontend and the
   * engine), first {@code volume create bench} and {@code volume export bench --clients 127.0.0.0/8 --rw
   * --no-root-squash} on the stopped data directory {@code dir/data}, then {@code serve --frontends nfs}
   * on a free port of 127.0.0.1. Output goes to {@code dir/estuary.log}.
   *
   * @param dir a fresh directory
   * @param javaOptions the server JVM's options (on top of what {@code ./estuary} sets)
   */
  public static Running estuary(Path dir, List<String> javaOptions) throws IOException, InterruptedException {
    Path data = dir.resolve("data");
    Path log = dir.resolve("estuary.log");
    cli(log, List.of("volume", "create", VOLUME, "--data", data.toString()));
    cli(log, List.of("volume", "export", VOLUME, "--clients", "127.0.0.0/8", "--rw", "--no-root-squash", "--data",
        data.toString()));
    List<String> cmd = new ArrayList<>(java(javaOptions));
    cmd.addAll(List.of("serve", "--data", data.toString(), "--bind", "127.0.0.1", "--admin-port", "0",
        "--frontends", "nfs", "--nfs-port", "0"));
    Path out = dir.resolve("estuary.out");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    AutoCloseable stop = () -> {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    };
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
      Matcher m = NFS_ENDPOINT.matcher(text);
      if (m.find()) {
        Server s = new Server("estuary", new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))),
            List.of(VOLUME), p.pid());
        return new Running(s, stop, "estuary serve --frontends nfs (dev.estuary.core.cli.Main; JVM "
            + String.join(" ", javaOptions) + "), volume '" + VOLUME + "' exported rw, no_root_squash; data " + data);
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        closeQuietly(stop);
        String err = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        throw new IOException("estuary serve did not start (" + (p.isAlive() ? "no 'nfs' endpoint line in 2 minutes"
            : "exit status " + p.exitValue()) + "); output:\n" + tail(text) + "\nlog " + log + ":\n" + tail(err));
      }
      // Polls the output: the child process offers no readiness notification.
      Thread.sleep(100);
    }
  }

  private static List<String> java(List<String> javaOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ESTUARY_JVM);
    cmd.addAll(javaOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.estuary.core.cli.Main"));
    return cmd;
  }

  /** Runs an {@code estuary} admin command on the stopped data directory and checks its exit status. */
  private static void cli(Path log, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(java(List.of("-Xmx256m")));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new IOException("estuary " + String.join(" ", args) + ": no exit within 2 minutes; log " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("estuary " + String.join(" ", args) + ": exit status " + p.exitValue() + "; log " + log
          + ":\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }
  }

  /**
   * Debian's nfs-ganesha with FSAL VFS exporting {@code dir/.../export} (see {@link NfsGanesha}).
   *
   * @param dir a fresh directory
   */
  public static Running ganesha(Path dir) {
    NfsGanesha g = NfsGanesha.start(dir, Duration.ofMinutes(1));
    Server s = new Server("ganesha", new InetSocketAddress("127.0.0.1", g.port()),
        List.of(NfsGanesha.PSEUDO_PATH.substring(1)), g.pid());
    return new Running(s, g::close, "nfs-ganesha " + ganeshaVersion() + ", FSAL VFS, export " + g.exportDir()
        + " (rw, no_root_squash), default tuning");
  }

  private static String ganeshaVersion() {
    try {
      Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", "nfs-ganesha").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? v : "(version unknown)";
    } catch (IOException e) {
      return "(version unknown)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(version unknown)";
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // The start failed already; its log is reported.
    }
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}

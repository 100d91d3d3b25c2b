package dev.estuary.bench.smb.internal;

import dev.estuary.testing.linuxguest.SambaServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Starts the servers under test, each its own process on a free port of 127.0.0.1. */
public final class Servers {
  private Servers() {}

  /** A started server and how to stop it. */
  public record Running(Server server, AutoCloseable stop, String description) {}

  /** The volume (share) of the plain and signed workloads on our server. */
  public static final String VOLUME = "bench";
  /** The volume (share) that requires encryption on our server ({@code --smb-encrypt-shares}). */
  public static final String SEALED_VOLUME = "sealed";
  /** The account on our server. */
  public static final String USER = "bench";

  /** What {@code ./estuary} gives its JVM besides ESTUARY_JAVA_OPTS. */
  private static final List<String> ESTUARY_JVM = List.of("--enable-native-access=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "-XX:+UseTransparentHugePages");

  /** The endpoint line {@code estuary serve} prints per frontend: {@code smb smb://<host>:<port> (...)}. */
  private static final Pattern SMB_ENDPOINT = Pattern.compile("(?m)^smb\\s+smb://\\S*:(\\d+)\\b");

  /**
   * Our server as the product runs it: the {@code estuary} command line ({@code dev.estuary.core.cli.Main},
   * the class {@code ./estuary} runs, here on this JVM's class path, which holds the smb frontend and the
   * engine): on the stopped data directory {@code dir/data} (made on the first start, reused after)
   * {@code volume create bench} and {@code sealed}, {@code user add bench} and write grants on both, then
   * {@code serve --frontends smb --smb-encrypt-shares sealed --smb-signing-required <signing>} on a free
   * port of 127.0.0.1. Output goes to {@code dir/estuary.out} and {@code dir/estuary.log}.
   *
   * @param dir the server's directory (the same for every start of one run)
   * @param javaOptions the server JVM's options (on top of what {@code ./estuary} sets)
   * @param signingRequired whether every session must sign
   */
  public static Running estuary(Path dir, List<String> javaOptions, boolean signingRequired)
      throws IOException, InterruptedException {
    Path data = dir.resolve("data");
    Path log = dir.resolve("estuary.log");
    Path pwFile = dir.resolve("password");
    if (!Files.exists(data)) {
      byte[] secret = new byte[12];
      new SecureRandom().nextBytes(secret);
      String password = HexFormat.of().formatHex(secret);
      Files.writeString(pwFile, password, StandardCharsets.UTF_8);
      String d = data.toString();
      cli(log, List.of("volume", "create", VOLUME, "--data", d), null);
      cli(log, List.of("volume", "create", SEALED_VOLUME, "--data", d), null);
      cli(log, List.of("user", "add", USER, "--password-stdin", "--data", d), password + "\n");
      cli(log, List.of("user", "grant", USER, VOLUME, "write", "--data", d), null);
      cli(log, List.of("user", "grant", USER, SEALED_VOLUME, "write", "--data", d), null);
    }
    String password = Files.readString(pwFile, StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(java(javaOptions));
    cmd.addAll(List.of("serve", "--data", data.toString(), "--bind", "127.0.0.1", "--admin-port", "0",
        "--frontends", "smb", "--smb-port", "0", "--smb-encrypt-shares", SEALED_VOLUME,
        "--smb-signing-required", Boolean.toString(signingRequired)));
    Path out = dir.resolve("estuary.out");
    Files.deleteIfExists(out);
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
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
      Matcher m = SMB_ENDPOINT.matcher(text);
      if (m.find()) {
        Server s = new Server("estuary", Integer.parseInt(m.group(1)), USER, password, VOLUME, SEALED_VOLUME,
            p.pid(), false);
        return new Running(s, stop, "estuary serve --frontends smb --smb-encrypt-shares " + SEALED_VOLUME
            + " --smb-signing-required " + signingRequired + " (dev.estuary.core.cli.Main; JVM "
            + String.join(" ", javaOptions) + "); data " + data);
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        closeQuietly(stop);
        String err = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        throw new IOException("estuary serve did not start (" + (p.isAlive() ? "no 'smb' endpoint line in 2 minutes"
            : "exit status " + p.exitValue()) + "); output:\n" + tail(text) + "\nlog " + log + ":\n" + tail(err));
      }
      // Polls the output: the child process offers no readiness notification.
      Thread.sleep(100);
    }
  }

  /**
   * Debian's Samba (see {@link SambaServer}): shares {@code share} and {@code sealed} ({@code smb encrypt =
   * required}) under {@code dir}, {@code server signing = mandatory} when {@code signingRequired}, Samba's
   * defaults otherwise.
   *
   * @param dir a fresh directory for this start
   * @param signingRequired whether every session must sign
   */
  public static Running samba(Path dir, boolean signingRequired) {
    SambaServer s = SambaServer.start(dir, Duration.ofMinutes(1), signingRequired);
    Server server = new Server("samba", s.port(), SambaServer.USER, s.password(), SambaServer.SHARE,
        SambaServer.SEALED_SHARE, s.pid(), true);
    return new Running(server, s::close, "smbd " + version("samba") + " (" + (signingRequired
        ? "server signing = mandatory" : "server signing = default") + "; share '" + SambaServer.SEALED_SHARE
        + "' smb encrypt = required; other settings Samba's defaults), shares under " + s.shareDir().getParent());
  }

  static String version(String debianPackage) {
    try {
      Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", debianPackage).redirectErrorStream(true)
          .start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? v : "(version unknown)";
    } catch (IOException e) {
      return "(version unknown)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(version unknown)";
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
  private static void cli(Path log, List<String> args, @Nullable String stdin) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(java(List.of("-Xmx256m")));
    cmd.addAll(args);
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (stdin == null) {
      b.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process p = b.start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new IOException("estuary " + String.join(" ", args) + ": no exit within 2 minutes; log " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("estuary " + String.join(" ", args) + ": exit status " + p.exitValue() + "; log " + log
          + ":\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // The start failed already; its log is reported.
    }
  }

  static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}

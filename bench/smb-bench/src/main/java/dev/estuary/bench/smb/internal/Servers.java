package dev.estuary.bench.smb.internal;

import dev.estuary.bench.support.EstuaryProcess;
import dev.estuary.bench.support.Machine;
import dev.estuary.testing.linuxguest.SambaServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

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
      EstuaryProcess.cli(log, List.of("volume", "create", VOLUME, "--data", d), null);
      EstuaryProcess.cli(log, List.of("volume", "create", SEALED_VOLUME, "--data", d), null);
      EstuaryProcess.cli(log, List.of("user", "add", USER, "--password-stdin", "--data", d), password + "\n");
      EstuaryProcess.cli(log, List.of("user", "grant", USER, VOLUME, "write", "--data", d), null);
      EstuaryProcess.cli(log, List.of("user", "grant", USER, SEALED_VOLUME, "write", "--data", d), null);
    }
    String password = Files.readString(pwFile, StandardCharsets.UTF_8);
    EstuaryProcess.Started p = EstuaryProcess.serve(dir, javaOptions, List.of("--data", data.toString(), "--bind",
        "127.0.0.1", "--admin-port", "0", "--frontends", "smb", "--smb-port", "0", "--smb-encrypt-shares",
        SEALED_VOLUME, "--smb-signing-required", Boolean.toString(signingRequired)), SMB_ENDPOINT);
    Server s = new Server("estuary", p.port(), USER, password, VOLUME, SEALED_VOLUME, p.process().pid(), false);
    return new Running(s, p.stop(), "estuary serve --frontends smb --smb-encrypt-shares " + SEALED_VOLUME
        + " --smb-signing-required " + signingRequired + " (dev.estuary.core.cli.Main; JVM "
        + String.join(" ", javaOptions) + "); data " + data);
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
    return new Running(server, s::close, "smbd " + Machine.packageVersion("samba") + " (" + (signingRequired
        ? "server signing = mandatory" : "server signing = default") + "; share '" + SambaServer.SEALED_SHARE
        + "' smb encrypt = required; other settings Samba's defaults), shares under " + s.shareDir().getParent());
  }
}

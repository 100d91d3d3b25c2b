package dev.estuary.bench.nfs.internal;

import dev.estuary.bench.support.EstuaryProcess;
import dev.estuary.bench.support.Machine;
import dev.estuary.testing.linuxguest.NfsGanesha;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Starts the servers under test, each its own process on a free port of 127.0.0.1. */
public final class Servers {
  private Servers() {}

  /** A started server and how to stop it. */
  public record Running(Server server, AutoCloseable stop, String description) {}

  /** The volume the benchmark creates and exports on our server. */
  public static final String VOLUME = "bench";

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
    EstuaryProcess.cli(log, List.of("volume", "create", VOLUME, "--data", data.toString()), null);
    EstuaryProcess.cli(log, List.of("volume", "export", VOLUME, "--clients", "127.0.0.0/8", "--rw", "--no-root-squash",
        "--data", data.toString()), null);
    EstuaryProcess.Started p = EstuaryProcess.serve(dir, javaOptions, List.of("--data", data.toString(), "--bind",
        "127.0.0.1", "--admin-port", "0", "--frontends", "nfs", "--nfs-port", "0"), NFS_ENDPOINT);
    Server s = new Server("estuary", new InetSocketAddress("127.0.0.1", p.port()), List.of(VOLUME), p.process().pid());
    return new Running(s, p.stop(), "estuary serve --frontends nfs (dev.estuary.core.cli.Main; JVM "
        + String.join(" ", javaOptions) + "), volume '" + VOLUME + "' exported rw, no_root_squash; data " + data);
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
    return new Running(s, g::close, "nfs-ganesha " + Machine.packageVersion("nfs-ganesha") + ", FSAL VFS, export "
        + g.exportDir() + " (rw, no_root_squash), default tuning");
  }
}

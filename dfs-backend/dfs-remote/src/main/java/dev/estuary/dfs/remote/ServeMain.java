package dev.estuary.dfs.remote;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * The smallest engine daemon: opens a backend by provider name and serves it on a unix socket
 * until the process ends (SIGTERM closes the server, then the backend). Prints {@code ready} on
 * standard output once clients can connect. The remote crash test runs it as the process it kills
 * with SIGKILL; {@code estuary engine} is the full daemon.
 *
 * <p>Usage: {@code ServeMain <provider> <dataDir> <socket> [key=value backend options...]}.
 */
public final class ServeMain {
  private ServeMain() {}

  /**
   * Serves until killed.
   *
   * @param args provider name, data directory, socket path, then backend options
   * @throws IOException if the socket cannot be bound
   * @throws InterruptedException never in practice: the main thread waits for the process to end
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 3) {
      throw new IllegalArgumentException("args: " + List.of(args)
          + " (expected: <provider> <dataDir> <socket> [key=value...])");
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("option: '" + args[i] + "' (expected: key=value)");
      }
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    DfsProvider provider = find(args[0]);
    Dfs dfs = provider.open(new DfsProvider.Context(
        Path.of(args[1]), Clock.systemUTC(), new SimpleMeterRegistry(), options));
    RemoteServer server = RemoteServer.builder(dfs).unixSocket(Path.of(args[2])).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      dfs.close();
      stopped.countDown();
    }, "estuary-serve-shutdown"));
    new PrintStream(System.out, true, StandardCharsets.UTF_8).println("ready");
    stopped.await();
  }

  private static DfsProvider find(String name) {
    List<String> seen = new ArrayList<>();
    for (DfsProvider p : ServiceLoader.load(DfsProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
      seen.add(p.name());
    }
    throw new IllegalArgumentException(
        "provider: '" + name + "' (expected one of " + seen + " found by ServiceLoader)");
  }
}

package dev.estuary.dfs.remote.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CrashContract;
import dev.estuary.dfs.contract.crash.CrashWriter;
import dev.estuary.dfs.remote.RemoteDfs;
import dev.estuary.dfs.remote.RemoteEndpoint;
import dev.estuary.dfs.remote.RemoteOptions;
import dev.estuary.dfs.remote.ServeMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link CrashContract} with the engine daemon killed, not the client: each round starts a child
 * JVM ({@link ServeMain}) serving the engine on a unix socket, runs {@link CrashWriter} in this JVM
 * through a {@link RemoteDfs} connected to it, and kills the child with SIGKILL while the writer
 * is busy. Every step the writer acknowledged had its sync answered by the server before the
 * kill, so the contract's checks (nothing acknowledged lost, no torn object, fsck clean) hold the
 * remote backend to the same durability as the engine in-process.
 */
class RemoteCrashTest extends CrashContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }

  /**
   * Returns the client's direct minimum.
   *
   * @return the default here
   */
  protected int directMinimum() {
    return RemoteOptions.DEFAULT_DIRECT_MINIMUM;
  }

  @Override
  protected void runAndKill(Path ledger, long seed, long killAfterMillis, int round) throws Exception {
    Path socketDir = Files.createTempDirectory("rcrash");
    Path socket = socketDir.resolve("engine.sock");
    Path stderr = scratchDirectory().resolve("server-" + round + ".err");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ServeMain.class.getName());
    command.add("engine");
    command.add(dataDirectory().toString());
    command.add(socket.toString());
    for (Map.Entry<String, String> o : options().entrySet()) {
      command.add(o.getKey() + "=" + o.getValue());
    }
    Process server = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread drain = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.equals("ready")) {
            ready.complete(true);
          }
        }
      } catch (IOException e) {
        // The pipe closes when the server dies.
      }
      ready.complete(false);
    });
    AtomicReference<Throwable> writerEnd = new AtomicReference<>();
    Thread writer = null;
    RemoteDfs client = null;
    try {
      assertThat(ready.get(60, TimeUnit.SECONDS)).as("server ready in round %d; stderr: %s", round,
          tail(stderr)).isTrue();
      // The call in flight when the server dies fails at once (its connection resets); a call
      // started just after waits for a server up to this deadline, then fails. Not shorter: on a
      // loaded machine connecting alone may take seconds.
      client = RemoteDfs.connect(RemoteEndpoint.unix(socket),
          RemoteOptions.DEFAULTS.withDeadline(Duration.ofSeconds(10)).withDirectMinimum(directMinimum()));
      RemoteDfs c = client;
      CompletableFuture<Void> writing = new CompletableFuture<>();
      writer = Thread.ofPlatform().name("crash-writer-" + round).start(() -> {
        try {
          CrashWriter.run(c, VOLUME, ledger, seed, () -> writing.complete(null));
        } catch (Throwable t) {
          writerEnd.set(t);
          writing.completeExceptionally(t);
        }
      });
      writing.get(60, TimeUnit.SECONDS);
      Thread.sleep(killAfterMillis);
      assertThat(server.isAlive()).as("server still running when killed in round %d; stderr: %s",
          round, tail(stderr)).isTrue();
      assertThat(writer.isAlive()).as("writer still writing in round %d: %s", round, writerEnd.get())
          .isTrue();
    } finally {
      server.destroyForcibly();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      if (writer != null) {
        writer.join(30_000);
        assertThat(writer.isAlive()).as("writer stopped after the server died").isFalse();
      }
      if (client != null) {
        client.close();
      }
      drain.join(10_000);
      Files.deleteIfExists(socket);
      // The killed server's descriptor socket (DescriptorProtocol.socketFor) is left as well.
      Files.deleteIfExists(socket.resolveSibling(socket.getFileName() + ".fd"));
      Files.deleteIfExists(socketDir);
    }
    assertThat(writerEnd.get()).as("the writer ends with the backend's error, round %d", round)
        .isInstanceOf(DfsException.class);
  }

  private static String tail(Path file) {
    try {
      String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}

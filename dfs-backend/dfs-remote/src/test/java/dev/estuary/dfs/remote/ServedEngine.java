package dev.estuary.dfs.remote;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A test's engine served on a unix socket, and the clients connected to it; closes all of them.
 * The engine can be stopped and started again on the same data and socket (an engine restart).
 */
final class ServedEngine implements AutoCloseable {
  static final String VOLUME = "vol";
  static final Ownership OWNER = new Ownership(1000, 100);

  final Path data;
  final Path socket;
  private final UnaryOperator<Dfs> wrap;
  private final UnaryOperator<RemoteServer.Builder> configure;
  Dfs engine;
  RemoteServer server;
  private final List<RemoteDfs> clients = new ArrayList<>();

  ServedEngine(Path dir) throws IOException {
    this(dir, d -> d, b -> b);
  }

  ServedEngine(Path dir, UnaryOperator<Dfs> wrap, UnaryOperator<RemoteServer.Builder> configure)
      throws IOException {
    this.data = Files.createDirectories(dir.resolve("data"));
    // Unix socket paths are limited to 107 bytes: keep it short.
    this.socket = Files.createTempDirectory("rdfs").resolve("e.sock");
    this.wrap = wrap;
    this.configure = configure;
    start();
    engine.createVolume(VOLUME, 0755, OWNER);
  }

  void start() throws IOException {
    engine = wrap.apply(new EngineProvider().open(new DfsProvider.Context(
        data, Clock.systemUTC(), new SimpleMeterRegistry(), Map.of())));
    server = configure.apply(RemoteServer.builder(engine).unixSocket(socket)).start();
  }

  void stop() {
    server.close();
    engine.close();
  }

  RemoteEndpoint endpoint() {
    return RemoteEndpoint.unix(socket);
  }

  RemoteDfs connect(Duration deadline) {
    RemoteDfs c = RemoteDfs.connect(endpoint(), RemoteOptions.DEFAULTS.withDeadline(deadline));
    clients.add(c);
    return c;
  }

  RemoteDfs connect() {
    return connect(Duration.ofSeconds(10));
  }

  @Override
  public void close() throws IOException {
    for (RemoteDfs c : clients) {
      c.close();
    }
    server.close();
    engine.close();
    Files.deleteIfExists(socket);
    Files.deleteIfExists(socket.getParent());
  }
}

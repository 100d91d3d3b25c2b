package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ForwardingDfs;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.dfs.remote.RemoteDfs;
import dev.estuary.dfs.remote.RemoteEndpoint;
import dev.estuary.dfs.remote.RemoteOptions;
import dev.estuary.dfs.remote.RemoteProvider;
import dev.estuary.dfs.remote.RemoteServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The contract suite's view of the remote backend: each {@link #open} opens the embedded engine on
 * the test's data directory, serves it with a {@link RemoteServer} on a unix socket in a fresh
 * temporary directory, and returns a {@link RemoteDfs} connected to it. Every call of the suite
 * goes through gRPC. Closing the returned backend closes the client, the server and the engine.
 * {@link #fsck} is the engine's (the daemon's data directory is checked while nothing serves it).
 */
public final class RemoteEngineProvider implements DfsProvider {
  private final int directMinimum;

  /** Uses the default {@link RemoteOptions#directMinimum()}. */
  public RemoteEngineProvider() {
    this(RemoteOptions.DEFAULT_DIRECT_MINIMUM);
  }

  /**
   * Uses a given direct minimum: 0 sends every read and write through the passed descriptor (of a
   * file with a data file), {@link RemoteOptions#DIRECT_OFF} none.
   *
   * @param directMinimum the client's {@link RemoteOptions#directMinimum()}
   */
  public RemoteEngineProvider(int directMinimum) {
    this.directMinimum = directMinimum;
  }
  @Override
  public String name() {
    return RemoteProvider.NAME;
  }

  @Override
  public Dfs open(Context context) {
    Dfs engine = new EngineProvider().open(context);
    Path dir;
    RemoteServer server;
    try {
      dir = Files.createTempDirectory("rdfs");
      server = RemoteServer.builder(engine).unixSocket(dir.resolve("engine.sock")).start();
    } catch (IOException e) {
      engine.close();
      throw new UncheckedIOException(e);
    }
    RemoteDfs client = RemoteDfs.connect(RemoteEndpoint.unix(dir.resolve("engine.sock")),
        RemoteOptions.DEFAULTS.withDeadline(Duration.ofSeconds(20)).withDirectMinimum(directMinimum));
    return new Served(client, server, engine, dir);
  }

  @Override
  public FsckReport fsck(Context context, boolean repair, Consumer<String> progress) {
    return new EngineProvider().fsck(context, repair, progress);
  }

  /** The client, closing the server and the engine behind it on close. */
  static final class Served extends ForwardingDfs {
    private final RemoteServer server;
    private final Dfs engine;
    private final Path dir;

    Served(RemoteDfs client, RemoteServer server, Dfs engine, Path dir) {
      super(client);
      this.server = server;
      this.engine = engine;
      this.dir = dir;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        server.close();
        engine.close();
        try {
          Files.deleteIfExists(dir.resolve("engine.sock"));
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // A leftover empty temporary directory is harmless.
        }
      }
    }
  }
}

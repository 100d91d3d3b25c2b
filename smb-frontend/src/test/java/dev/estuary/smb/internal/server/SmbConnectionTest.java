package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SmbConnection}: the connection's state (opens, sessions) is released once the channel goes. */
class SmbConnectionTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Dispatcher dispatcherWithASession() {
    Dispatcher d = new Dispatcher(server.services(), new RequestMetrics(server.registry(), "smb"));
    d.connection().sessions().put(7L, new SessionState(7L, new byte[64]));
    return d;
  }

  @Test
  void closingTheChannelReleasesTheStateOnTheProcessingExecutor() {
    Dispatcher d = dispatcherWithASession();
    List<Runnable> tasks = new ArrayList<>();
    Executor queued = tasks::add;
    EmbeddedChannel ch = new EmbeddedChannel(new SmbConnection(d, queued, 4));
    ch.close();
    // Released on the executor, never on the event loop.
    assertThat(d.connection().sessions()).isNotEmpty();
    assertThat(tasks).hasSize(1);
    tasks.get(0).run();
    assertThat(d.connection().sessions()).isEmpty();
  }

  @Test
  void aStoppedExecutorStillGetsTheStateReleased() {
    Dispatcher d = dispatcherWithASession();
    Executor stopped = r -> {
      throw new RejectedExecutionException("stopped");
    };
    EmbeddedChannel ch = new EmbeddedChannel(new SmbConnection(d, stopped, 4));
    ch.close();
    assertThat(d.connection().sessions()).isEmpty();
  }
}

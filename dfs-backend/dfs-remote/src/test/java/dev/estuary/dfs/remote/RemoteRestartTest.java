package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine restarts: the client reconnects by itself; a call made while the server is down waits
 * for it up to the outage wait (and succeeds if it comes back in time, fails with UNAVAILABLE naming
 * the endpoint if not, however long its deadline); what was open before the restart is STALE, not
 * hanging.
 */
class RemoteRestartTest {
  @TempDir Path dir;

  @Test
  void callsWaitForARestartingServer_andOldReferencesAreStale() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      RemoteDfs client = e.connect(Duration.ofSeconds(20));
      Volume v = client.volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "f", 0644, ServedEngine.OWNER, true).id();
      FileHandle before = v.open(f, OpenMode.READ_WRITE);
      before.write(0, ByteBuffer.wrap(new byte[] {42}));
      LockSession session = v.openSession("before");

      e.stop();
      CompletableFuture<Attributes> whileDown = CompletableFuture.supplyAsync(() -> v.getAttributes(f));
      e.start();
      assertThat(whileDown.get(30, TimeUnit.SECONDS).size())
          .as("a call made while the server was down, answered once it is back").isEqualTo(1);

      assertThatThrownBy(() -> before.read(0, ByteBuffer.allocate(1)))
          .isInstanceOfSatisfying(DfsException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.STALE));
      assertThatThrownBy(() -> session.locks(f))
          .isInstanceOfSatisfying(DfsException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.STALE));
      before.close();
      session.close();
      try (FileHandle after = v.open(f, OpenMode.READ)) {
        ByteBuffer b = ByteBuffer.allocate(1);
        assertThat(after.read(0, b)).isEqualTo(1);
        assertThat(b.get(0)).isEqualTo((byte) 42);
      }
    }
  }

  @Test
  void aServerThatStaysDown_failsCallsAtTheDeadline_namingTheEndpoint() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      RemoteDfs client = e.connect(Duration.ofMillis(500));
      Volume v = client.volume(ServedEngine.VOLUME);
      e.stop();
      assertThatThrownBy(() -> v.getAttributes(v.root()))
          .isInstanceOfSatisfying(DfsException.class, ex -> {
            assertThat(ex.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(ex.getMessage()).contains(e.endpoint().toString());
          });
      e.start();
      assertThat(v.getAttributes(v.root()).isDirectory()).isTrue();
    }
  }

  @Test
  void aServerThatStaysDown_failsCallsAfterTheOutageWait_notTheLongerDeadline() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      RemoteDfs client = RemoteDfs.connect(e.endpoint(), RemoteOptions.DEFAULTS
          .withDeadline(Duration.ofSeconds(120)).withOutageWait(Duration.ofMillis(300)));
      try {
        Volume v = client.volume(ServedEngine.VOLUME);
        e.stop();
        long start = System.nanoTime();
        assertThatThrownBy(() -> v.getAttributes(v.root()))
            .isInstanceOfSatisfying(DfsException.class, ex -> {
              assertThat(ex.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(ex.getMessage()).contains(e.endpoint().toString()).contains("unreachable");
            });
        // Not a speed figure: the bound only tells the outage wait from the 120 s deadline.
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("a call with the server away (outage wait 300 ms, deadline 120 s)")
            .isLessThan(Duration.ofSeconds(60));
        e.start();
        assertThat(v.getAttributes(v.root()).isDirectory()).isTrue();
      } finally {
        client.close();
      }
    }
  }

  @Test
  void closingAClientWhileTheServerIsDown_doesNotWaitForIt() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      RemoteDfs client = RemoteDfs.connect(e.endpoint(),
          RemoteOptions.DEFAULTS.withDeadline(Duration.ofSeconds(60)));
      e.stop();
      long start = System.nanoTime();
      client.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("close with the server down (deadline 60 s)").isLessThan(Duration.ofSeconds(30));
      assertThatThrownBy(client::listVolumes)
          .isInstanceOfSatisfying(DfsException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.CLOSED));
      e.start();
    }
  }

  @Test
  void aWatchAcrossARestart_getsOneOverflow_thenTheEventsOfTheNewServer() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      RemoteDfs client = e.connect(Duration.ofSeconds(20));
      Volume v = client.volume(ServedEngine.VOLUME);
      BlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
      try (WatchSubscription w = v.watch(v.root(), WatchScope.DIRECTORY, 64, Runnable::run, events::add)) {
        v.create(v.root(), "before", 0644, ServedEngine.OWNER, true);
        assertThat(events.poll(20, TimeUnit.SECONDS)).extracting(ChangeEvent::kind, ChangeEvent::name)
            .containsExactly(ChangeKind.CREATED, "before");

        e.stop();
        assertThat(events.poll(20, TimeUnit.SECONDS)).as("what the listener hears when the stream ends")
            .isEqualTo(ChangeEvent.OVERFLOW);
        e.start();
        // The subscription comes back by itself; a change made once it has is an event again.
        // Whether it is back cannot be seen from outside, so changes are made until one arrives.
        ChangeEvent got = null;
        for (int i = 0; got == null && i < 200; i++) {
          v.create(v.root(), "after-" + i, 0644, ServedEngine.OWNER, true);
          got = events.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(got).as("an event after the restart").isNotNull();
        assertThat(got.kind()).isEqualTo(ChangeKind.CREATED);
        assertThat(got.name()).startsWith("after-");
        w.flush();
      }
    }
  }
}

package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.contract.ManualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases: a client process killed with SIGKILL leaves its handles and lock session (with its lock
 * and share reservation) open on the server until its lease lapses on the server's clock, and then
 * nothing; the lock it held is free for others. Its watch ends with its connection. On the way, a
 * file it creates is an event for this process's watch (watches work across processes).
 */
class RemoteLeaseTest {
  @TempDir Path dir;

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.onSpinWait();
      Thread.sleep(5);
    }
  }

  @Test
  void killedClient_losesEverythingItHeld_onceItsLeaseLapses() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2031-01-01T00:00:00Z"));
    Duration lease = Duration.ofSeconds(30);
    try (ServedEngine e = new ServedEngine(dir, d -> d, b -> b.leaseTime(lease).clock(clock))) {
      RemoteDfs observer = e.connect();
      Volume v = observer.volume(ServedEngine.VOLUME);
      ObjectId file = v.create(v.root(), "held", 0644, ServedEngine.OWNER, true).id();

      LinkedBlockingQueue<ChangeEvent> seen = new LinkedBlockingQueue<>();
      ExecutorService executor = Executors.newSingleThreadExecutor();
      WatchSubscription watch = v.watch(v.root(), WatchScope.DIRECTORY, 64, executor, seen::add);
      Process holder = new ProcessBuilder(List.of(
          ProcessHandle.current().info().command().orElseThrow(), "-Xmx128m",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
          LeaseHolderMain.class.getName(), e.socket.toString()))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        while (line != null && !line.equals("ready")) {
          line = out.readLine(); // log lines of the child
        }
        assertThat(line).as("the holder's ready line").isEqualTo("ready");
      } finally {
        holder.destroyForcibly();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      ChangeEvent created = seen.poll(30, TimeUnit.SECONDS);
      assertThat(created).as("the other process's create, seen by this one's watch").isNotNull();
      assertThat(created.kind()).isEqualTo(ChangeKind.CREATED);
      assertThat(created.name()).isEqualTo("from-holder");
      watch.close();
      executor.shutdown();

      // The watch is a stream: it ends with the dead client's connection. The handle, the unlinked
      // file's handle, the session and its reservation are not tied to a connection: they wait for
      // the lease, so a client that reconnects after a blip keeps them.
      await(() -> e.server.openReferences() == 4, "the four lease-held references left, found "
          + e.server.openReferences());
      try (LockSession mine = v.openSession("observer")) {
        assertThat(mine.tryLock(file, "me", LockStyle.POSIX, LockType.EXCLUSIVE, new ByteRange(0, 1)))
            .as("the dead client's lock, still held within its lease").isPresent();
      }
      assertThat(e.server.openReferences()).isEqualTo(4);

      clock.advance(lease.plusSeconds(1));
      await(() -> e.server.openReferences() == 0,
          "the dead client's references closed, found " + e.server.openReferences());
      try (LockSession mine = v.openSession("observer")) {
        assertThat(mine.tryLock(file, "me", LockStyle.POSIX, LockType.EXCLUSIVE, new ByteRange(0, 1)))
            .as("the lock of the dead client is released").isEmpty();
        mine.reserve(file, Set.of(ShareAccess.WRITE), Set.of()).close();
      }
      await(() -> e.server.openReferences() == 0, "nothing open");
    }
  }
}

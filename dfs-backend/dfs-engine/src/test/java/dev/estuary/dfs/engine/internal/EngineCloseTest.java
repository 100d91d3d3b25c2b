package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the engine under concurrent lock-free calls (which read RocksDB's native memory). */
class EngineCloseTest {
  @TempDir Path dir;

  @Test
  void callsRacingCloseEitherSucceedOrFailClosed() throws Exception {
    for (int round = 0; round < 5; round++) {
      raceOnce(dir.resolve("r" + round));
    }
  }

  private void raceOnce(Path data) throws Exception {
    // No metadata cache, so that lookups read RocksDB, not only memory.
    Dfs dfs = EngineFixture.open(data, Map.of("metadata-cache-mb", "0", "inline-threshold", "16"));
    Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
    List<Attributes> files = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      files.add(v.create(v.root(), "f" + i, 0644, Ownership.ROOT, true));
    }
    FileHandle h = v.open(files.get(0).id(), OpenMode.READ_WRITE);
    h.write(0, ByteBuffer.wrap(new byte[4096]));

    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicLong succeeded = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    CountDownLatch started = new CountDownLatch(4);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int kind = t;
      threads.add(Thread.ofPlatform().start(() -> {
        started.countDown();
        for (int i = 0; ; i++) {
          try {
            switch (kind) {
              case 0 -> v.lookup(v.root(), "f" + (i % 32));
              case 1 -> v.getAttributes(files.get(i % 32).id());
              case 2 -> h.read(0, ByteBuffer.allocate(4096));
              default -> v.readdir(v.root(), DirCursor.START, 8, true);
            }
            succeeded.incrementAndGet();
          } catch (DfsException e) {
            if (e.kind() == ErrorKind.CLOSED) {
              refused.incrementAndGet();
              return;
            }
            unexpected.add(e);
            return;
          } catch (Throwable e) {
            unexpected.add(e);
            return;
          }
        }
      }));
    }
    started.await();
    Thread.sleep(50);
    dfs.close();
    for (Thread t : threads) {
      t.join(10_000);
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(unexpected).isEmpty();
    assertThat(succeeded.get()).isPositive();
    assertThat(refused.get()).isEqualTo(4);
    h.close(); // after the engine closed: a no-op, not a use of the closed store
    Dfs again = EngineFixture.open(data);
    again.close();
  }
}

package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  @Test
  void everyCallerWaitsForARunThatStartedAfterItsCall() {
    AtomicInteger runs = new AtomicInteger();
    GroupCommit gc = new GroupCommit(runs::incrementAndGet);
    gc.await();
    gc.await();
    // Alone, each call needs its own run: nothing started after it had begun.
    assertThat(runs).hasValue(2);
  }

  @Test
  void concurrentCallersShareRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch firstRunStarted = new CountDownLatch(1);
    CountDownLatch others = new CountDownLatch(1);
    GroupCommit gc = new GroupCommit(() -> {
      if (runs.incrementAndGet() == 1) {
        firstRunStarted.countDown();
        try {
          others.await(); // hold the first run until the other callers queue behind it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      Future<?> first = pool.submit(gc::await);
      firstRunStarted.await();
      List<Future<?>> waiting = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        waiting.add(pool.submit(gc::await));
      }
      while (gc.waiting() < 8) { // all eight have taken their tickets and queue behind the run
        Thread.onSpinWait();
      }
      others.countDown();
      first.get();
      for (Future<?> f : waiting) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    // The first run started before the eight called, so it covers none of them; one more run,
    // begun after all eight had called, covers them all.
    assertThat(runs).hasValue(2);
  }

  @Test
  void aFailedRunCoversNobody() {
    AtomicInteger runs = new AtomicInteger();
    GroupCommit gc = new GroupCommit(() -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("fsync failed");
      }
    });
    assertThatThrownBy(gc::await).hasMessage("fsync failed");
    gc.await();
    assertThat(runs).hasValue(2);
  }
}

package dev.estuary.dfs.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class WatchQueueTest {
  private static final ObjectId DIR = new ObjectId(0, 1);

  /** An executor that runs nothing until told: the test decides when "the executor" delivers. */
  private static final class Held implements Executor {
    final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable r) {
      tasks.add(r);
    }

    void runAll() {
      Runnable r;
      while ((r = tasks.poll()) != null) {
        r.run();
      }
    }
  }

  private static ChangeEvent event(ChangeKind kind, long object, String name) {
    return new ChangeEvent(kind, new ObjectId(0, object), ObjectType.FILE, DIR, name, null, null, object);
  }

  @Test
  void deliversInOrder_coalescingRepeatedDataChangesOfTheLastQueuedObject() {
    Held ex = new Held();
    List<ChangeEvent> got = new ArrayList<>();
    WatchQueue q = new WatchQueue("w", 16, ex, got::add);
    ChangeEvent added = event(ChangeKind.CREATED, 5, "a");
    ChangeEvent m1 = event(ChangeKind.MODIFIED, 5, "a");
    ChangeEvent m2 = new ChangeEvent(ChangeKind.MODIFIED, new ObjectId(0, 5), ObjectType.FILE, DIR, "a", null, null, 99);
    ChangeEvent other = event(ChangeKind.MODIFIED, 6, "b");
    q.offer(added);
    q.offer(m1);
    q.offer(m2);
    q.offer(other);
    assertThat(ex.tasks).hasSize(1);
    ex.runAll();
    assertThat(got).containsExactly(added, m2, other);
  }

  @Test
  void aFullQueueBecomesOneOverflow() {
    Held ex = new Held();
    List<ChangeEvent> got = new ArrayList<>();
    WatchQueue q = new WatchQueue("w", 3, ex, got::add);
    for (int i = 0; i < 4; i++) {
      q.offer(event(ChangeKind.CREATED, i, "n" + i));
    }
    ChangeEvent after = event(ChangeKind.CREATED, 9, "late");
    q.offer(after);
    ex.runAll();
    assertThat(got).containsExactly(ChangeEvent.OVERFLOW, after);
  }

  @Test
  void deliverUpTo_runsOnTheCallersThread_onlyWhatWasQueuedUpToThePoint_andTheExecutorDeliversTheRestOnce() {
    Held ex = new Held();
    List<String> got = new ArrayList<>();
    WatchQueue q = new WatchQueue("w", 16, ex, e -> got.add(e.name() + "@" + Thread.currentThread().getName()));
    q.offer(event(ChangeKind.CREATED, 1, "a"));
    q.offer(event(ChangeKind.CREATED, 2, "b"));
    long mark = q.lastSequence();
    q.offer(event(ChangeKind.CREATED, 3, "c"));
    q.deliverUpTo(mark);
    String me = Thread.currentThread().getName();
    assertThat(got).containsExactly("a@" + me, "b@" + me);
    ex.runAll();
    assertThat(got).containsExactly("a@" + me, "b@" + me, "c@" + me);
  }

  @Test
  void endWith_queuesTheLastEvent_thenAcceptsNothing_butStillDelivers() {
    Held ex = new Held();
    List<ChangeEvent> got = new ArrayList<>();
    WatchQueue q = new WatchQueue("w", 16, ex, got::add);
    ChangeEvent a = event(ChangeKind.CREATED, 1, "a");
    q.offer(a);
    assertThat(q.endWith(ChangeEvent.OVERFLOW)).isTrue();
    assertThat(q.endWith(ChangeEvent.OVERFLOW)).isFalse();
    q.offer(event(ChangeKind.CREATED, 2, "ignored"));
    ex.runAll();
    assertThat(got).containsExactly(a, ChangeEvent.OVERFLOW);
  }

  @Test
  void discard_dropsWhatIsQueued_andDeliversNothingMore() {
    Held ex = new Held();
    List<ChangeEvent> got = new ArrayList<>();
    WatchQueue q = new WatchQueue("w", 16, ex, got::add);
    q.offer(event(ChangeKind.CREATED, 1, "a"));
    assertThat(q.discard()).isTrue();
    assertThat(q.discard()).isFalse();
    q.offer(event(ChangeKind.CREATED, 2, "b"));
    q.deliverUpTo(Long.MAX_VALUE);
    ex.runAll();
    assertThat(got).isEmpty();
    assertThat(q.discarded()).isTrue();
  }

  @Test
  void aListenerThatThrowsDoesNotStopDelivery() {
    Held ex = new Held();
    List<ChangeEvent> got = new ArrayList<>();
    WatchQueue q = new WatchQueue("w", 16, ex, e -> {
      got.add(e);
      throw new IllegalStateException("listener bug");
    });
    q.offer(event(ChangeKind.CREATED, 1, "a"));
    q.offer(event(ChangeKind.CREATED, 2, "b"));
    ex.runAll();
    assertThat(got).hasSize(2);
  }

  @Test
  void aRefusingExecutorDropsTheQueue_andALaterEventSchedulesAgain() {
    List<ChangeEvent> got = new ArrayList<>();
    boolean[] refuse = {true};
    Held held = new Held();
    WatchQueue q = new WatchQueue("w", 16, r -> {
      if (refuse[0]) {
        throw new RejectedExecutionException("shut down");
      }
      held.execute(r);
    }, got::add);
    q.offer(event(ChangeKind.CREATED, 1, "a"));
    refuse[0] = false;
    ChangeEvent b = event(ChangeKind.CREATED, 2, "b");
    q.offer(b);
    held.runAll();
    assertThat(got).containsExactly(b);
  }

  @Test
  void oneDrainTaskDeliversABatch_thenYieldsTheExecutor() {
    Held ex = new Held();
    List<ChangeEvent> got = new ArrayList<>();
    WatchQueue q = new WatchQueue("w", 1000, ex, got::add);
    for (int i = 0; i < 100; i++) {
      q.offer(event(ChangeKind.CREATED, i, "n" + i));
    }
    ex.tasks.poll().run();
    assertThat(got).hasSize(64);
    assertThat(ex.tasks).hasSize(1);
    ex.runAll();
    assertThat(got).hasSize(100);
  }
}

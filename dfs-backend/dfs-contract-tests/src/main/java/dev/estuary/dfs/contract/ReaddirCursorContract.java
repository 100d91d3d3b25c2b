package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link DirCursor} under change: a cursor resumes after the last name returned whatever was
 * inserted or removed meanwhile, also while other threads change the directory.
 */
public abstract class ReaddirCursorContract extends DfsContractSupport {

  @Test
  void cursor_afterInsertsAndRemovalsAroundIt_resumesAfterTheLastNameReturned() {
    for (String n : List.of("a", "b", "c", "d", "e")) {
      createFile(root, n);
    }
    DirPage first = volume.readdir(root, DirCursor.START, 3, false);
    assertThat(first.entries()).extracting(DirEntry::name).containsExactly("a", "b", "c");

    volume.remove(root, "c", RemoveKind.ANY);
    volume.remove(root, "d", RemoveKind.ANY);
    createFile(root, "b2");
    createFile(root, "c5");
    createFile(root, "f");

    DirPage rest = volume.readdir(root, first.next(), 10, false);
    assertThat(rest.entries()).extracting(DirEntry::name).containsExactly("c5", "e", "f");
    assertThat(rest.end()).isTrue();
  }

  @Test
  void cursor_ofADirectoryEmptiedMeanwhile_endsCleanly() {
    for (String n : List.of("a", "b", "c")) {
      createFile(root, n);
    }
    DirPage first = volume.readdir(root, DirCursor.START, 1, false);
    for (String n : List.of("a", "b", "c")) {
      volume.remove(root, n, RemoveKind.ANY);
    }

    DirPage rest = volume.readdir(root, first.next(), 10, false);

    assertThat(rest.entries()).isEmpty();
    assertThat(rest.end()).isTrue();
  }

  @Test
  void cursor_ofARemovedDirectory_failsStale() {
    ObjectId dir = mkdir(root, "d").id();
    createFile(dir, "a");
    createFile(dir, "b");
    DirPage first = volume.readdir(dir, DirCursor.START, 1, false);
    volume.remove(dir, "a", RemoveKind.ANY);
    volume.remove(dir, "b", RemoveKind.ANY);
    volume.remove(root, "d", RemoveKind.DIRECTORY);

    assertKind(ErrorKind.STALE, () -> volume.readdir(dir, first.next(), 10, false));
  }

  @Test
  void cursor_whileOtherThreadsInsertAndRemove_returnsEveryStableEntryOnceInOrder()
      throws Exception {
    ObjectId dir = mkdir(root, "busy").id();
    List<String> stable = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String name = String.format("k%04d", i);
      createFile(dir, name);
      stable.add(name);
    }
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> churners = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int id = t;
        churners.add(pool.submit(() -> churn(dir, id, stop)));
      }
      for (int round = 0; round < 4; round++) {
        List<String> listed = new ArrayList<>();
        DirCursor cursor = DirCursor.START;
        boolean end = false;
        while (!end) {
          DirPage page = volume.readdir(dir, cursor, 7, round % 2 == 1);
          page.entries().forEach(e -> listed.add(e.name()));
          // Round-trip half the cursors through their stored form, as NFS and S3 do.
          cursor = round >= 2 ? DirCursor.fromBytes(page.next().toBytes()) : page.next();
          end = page.end();
        }
        assertThat(new HashSet<>(listed)).as("duplicates in round %d", round).hasSize(listed.size());
        assertThat(listed).as("order in round %d", round).isSortedAccordingTo(UTF8_ORDER);
        assertThat(listed).as("stable entries in round %d", round).containsAll(stable);
        assertThat(listed.stream().filter(stable::contains).toList())
            .containsExactlyElementsOf(stable);
      }
      stop.set(true);
      for (Future<Integer> f : churners) {
        assertThat(f.get(60, TimeUnit.SECONDS)).as("churn operations").isPositive();
      }
    } finally {
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    Set<String> finalNames = new HashSet<>(names(dir));
    assertThat(finalNames).containsAll(stable);
  }

  /** Inserts and removes names that sort between the stable ones until told to stop. */
  private int churn(ObjectId dir, int thread, AtomicBoolean stop) {
    int ops = 0;
    List<String> mine = new ArrayList<>();
    for (int n = 0; !stop.get() || ops < 50; n++) {
      String name = String.format("k%04d.%d", (n * 37 + thread * 101) % 300, thread);
      try {
        if (mine.contains(name)) {
          volume.remove(dir, name, RemoveKind.ANY);
          mine.remove(name);
        } else {
          createFile(dir, name);
          mine.add(name);
        }
      } catch (DfsException e) {
        throw new AssertionError("churn on " + name + " in thread " + thread + ": " + e, e);
      }
      ops++;
      if (ops > 200_000) {
        throw new AssertionError("churn thread " + thread + " did not stop");
      }
    }
    return ops;
  }
}

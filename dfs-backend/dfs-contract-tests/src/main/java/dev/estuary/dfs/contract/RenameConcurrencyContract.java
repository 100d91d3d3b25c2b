package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Renames racing each other across directories: no deadlock between opposite directions, no lost
 * or duplicated entry, and never a directory cycle cut off from the root (two directories moved
 * into each other at once must not both succeed).
 */
public abstract class RenameConcurrencyContract extends DfsContractSupport {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void renamesInOppositeDirections_manyThreads_neitherDeadlockNorLoseEntries() throws Exception {
    ObjectId[] dirs = {mkdir(root, "a").id(), mkdir(root, "b").id(), mkdir(root, "c").id()};
    Set<ObjectId> files = new HashSet<>();
    for (int i = 0; i < 24; i++) {
      files.add(createFile(dirs[i % 3], "f" + i).id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CyclicBarrier start = new CyclicBarrier(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  SplittableRandom rnd = new SplittableRandom(thread);
                  for (int op = 0; op < 250; op++) {
                    String name = "f" + rnd.nextInt(24);
                    ObjectId from = dirs[rnd.nextInt(3)];
                    ObjectId to = dirs[rnd.nextInt(3)];
                    try {
                      volume.rename(from, name, to, name, RenameMode.NO_REPLACE);
                    } catch (DfsException e) {
                      if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.EXISTS) {
                        throw new AssertionError("thread " + thread + " op " + op, e);
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Set<ObjectId> listed = new HashSet<>();
    int entries = 0;
    for (ObjectId dir : dirs) {
      for (var e : listAll(dir, 10, false)) {
        entries++;
        listed.add(e.id());
        assertThat(volume.location(e.id())).contains(new Location(dir, e.name()));
      }
      assertThat(volume.getAttributes(dir).size()).isEqualTo(listAll(dir, 100, false).size());
    }
    assertThat(entries).isEqualTo(24);
    assertThat(listed).isEqualTo(files);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void twoDirectoriesMovedIntoEachOtherAtOnce_atMostOneSucceedsAndBothStayReachable()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 40; round++) {
        ObjectId a = mkdir(root, "a").id();
        ObjectId b = mkdir(root, "b").id();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Boolean> aIntoB = pool.submit(() -> moveRacing(start, "a", b));
        Future<Boolean> bIntoA = pool.submit(() -> moveRacing(start, "b", a));
        boolean first = aIntoB.get(30, TimeUnit.SECONDS);
        boolean second = bIntoA.get(30, TimeUnit.SECONDS);

        assertThat(first && second).as("both moves succeeded in round %d", round).isFalse();
        assertThat(pathToRoot(a)).as("a reachable in round %d", round).isNotNull();
        assertThat(pathToRoot(b)).as("b reachable in round %d", round).isNotNull();
        // Clean up whichever shape won: the inner directory first.
        ObjectId outer = volume.location(a).orElseThrow().parent().equals(root) ? a : b;
        String outerName = outer.equals(a) ? "a" : "b";
        String innerName = outer.equals(a) ? "b" : "a";
        if (first || second) {
          volume.remove(outer, innerName, RemoveKind.DIRECTORY);
        } else {
          volume.remove(root, innerName, RemoveKind.DIRECTORY);
        }
        volume.remove(root, outerName, RemoveKind.DIRECTORY);
        assertThat(names(root)).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean moveRacing(CyclicBarrier start, String name, ObjectId into) throws Exception {
    start.await(30, TimeUnit.SECONDS);
    try {
      volume.rename(root, name, into, name, RenameMode.NO_REPLACE);
      return true;
    } catch (DfsException e) {
      // The loser either finds its source already moved or would create a cycle.
      if (e.kind() != ErrorKind.INVALID_ARGUMENT && e.kind() != ErrorKind.NOT_FOUND) {
        throw e;
      }
      return false;
    }
  }

  /** Returns the chain of parents up to the root, or null if it does not reach the root. */
  private @Nullable List<ObjectId> pathToRoot(ObjectId id) {
    List<ObjectId> chain = new ArrayList<>();
    ObjectId at = id;
    for (int i = 0; i < 10; i++) {
      if (at.equals(root)) {
        return chain;
      }
      Optional<Location> loc = volume.location(at);
      if (loc.isEmpty()) {
        return null;
      }
      at = loc.get().parent();
      chain.add(at);
    }
    return null;
  }
}

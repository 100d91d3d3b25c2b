package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many threads on one directory: contested names have exactly one winner, losers get the
 * documented kind, and the directory ends consistent with lookups.
 */
public abstract class ConcurrencyContract extends DfsContractSupport {

  private static final int THREADS = 8;
  private static final int NAMES = 30;

  /** A task run by each of {@link #THREADS} threads, given its thread number. */
  private interface Task {
    void run(int thread) throws Exception;
  }

  /** Runs {@code task} on every thread at once and rethrows the first failure. */
  private static void inParallel(Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  task.run(thread);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * Runs {@code op} for every contested name on every thread and checks one winner per name.
   *
   * @param loserKind what every other attempt must fail with
   * @param op the operation on (thread, name index)
   */
  private static void oneWinnerPerName(ErrorKind loserKind, NameOp op) throws Exception {
    Map<Integer, AtomicInteger> wins = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> losses = new ConcurrentHashMap<>();
    inParallel(
        t -> {
          for (int i = 0; i < NAMES; i++) {
            try {
              op.apply(t, i);
              wins.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
            } catch (DfsException e) {
              if (e.kind() != loserKind) {
                throw new AssertionError("name " + i + " thread " + t + ": " + e, e);
              }
              losses.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
            }
          }
        });
    for (int i = 0; i < NAMES; i++) {
      assertThat(wins.get(i)).as("winners for name %d", i).hasValue(1);
      assertThat(losses.get(i)).as("losers for name %d", i).hasValue(THREADS - 1);
    }
  }

  /** One contested operation. */
  private interface NameOp {
    void apply(int thread, int name);
  }

  @Test
  void mkdir_sameNamesFromEightThreads_oneWinnerEachOthersExists() throws Exception {
    oneWinnerPerName(ErrorKind.EXISTS, (t, i) -> mkdir(root, "d" + i));

    assertThat(names(root)).hasSize(NAMES);
    assertThat(volume.getAttributes(root).size()).isEqualTo(NAMES);
  }

  @Test
  void createExclusive_sameNamesFromEightThreads_oneWinnerEachOthersExists() throws Exception {
    oneWinnerPerName(ErrorKind.EXISTS, (t, i) -> createFile(root, "f" + i));

    assertThat(names(root)).hasSize(NAMES);
  }

  @Test
  void createNonExclusive_sameNamesFromEightThreads_allGetTheSameFile() throws Exception {
    Map<Integer, Set<ObjectId>> ids = new ConcurrentHashMap<>();
    inParallel(
        t -> {
          for (int i = 0; i < NAMES; i++) {
            ObjectId id = volume.create(root, "f" + i, 0644, OWNER, false).id();
            ids.computeIfAbsent(i, k -> ConcurrentHashMap.newKeySet()).add(id);
          }
        });

    for (int i = 0; i < NAMES; i++) {
      assertThat(ids.get(i)).as("ids returned for f%d", i)
          .containsExactly(volume.lookup(root, "f" + i).id());
    }
  }

  @Test
  void remove_sameNamesFromEightThreads_oneWinnerEachOthersNotFound() throws Exception {
    for (int i = 0; i < NAMES; i++) {
      if (i % 2 == 0) {
        createFile(root, "n" + i);
      } else {
        mkdir(root, "n" + i);
      }
    }

    oneWinnerPerName(ErrorKind.NOT_FOUND, (t, i) -> volume.remove(root, "n" + i, RemoveKind.ANY));

    assertThat(names(root)).isEmpty();
    assertThat(volume.getAttributes(root).size()).isZero();
  }

  @Test
  void renameNoReplace_manySourcesOntoOneName_oneWinnerAndLosersKeepTheirSource()
      throws Exception {
    ObjectId src = mkdir(root, "src").id();
    ObjectId dst = mkdir(root, "dst").id();
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < NAMES; i++) {
        createFile(src, t + "-" + i);
      }
    }

    oneWinnerPerName(
        ErrorKind.EXISTS,
        (t, i) -> volume.rename(src, t + "-" + i, dst, "target" + i, RenameMode.NO_REPLACE));

    assertThat(names(dst)).hasSize(NAMES);
    assertThat(names(src)).hasSize(NAMES * (THREADS - 1));
    for (int i = 0; i < NAMES; i++) {
      ObjectId winner = volume.lookup(dst, "target" + i).id();
      assertThat(volume.location(winner)).contains(new Location(dst, "target" + i));
    }
  }

  @Test
  void linkNoReplace_manyUnlinkedObjectsOntoOneName_oneWinner() throws Exception {
    assumeCapability(Capability.UNLINKED_OBJECTS);

    oneWinnerPerName(
        ErrorKind.EXISTS,
        (t, i) -> {
          ObjectId id = volume.createUnlinked(0644, OWNER).id();
          try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
            h.write(0, ByteBuffer.wrap(new byte[] {(byte) t}));
            volume.link(id, root, "obj" + i, RenameMode.NO_REPLACE);
          }
        });

    assertThat(names(root)).hasSize(NAMES);
    for (int i = 0; i < NAMES; i++) {
      assertThat(readAll(volume.lookup(root, "obj" + i).id())).hasSize(1);
    }
  }

  @Test
  void mixedOperations_eightThreads_endWithAListingThatMatchesLookups() throws Exception {
    ObjectId dir = mkdir(root, "mixed").id();
    Set<ErrorKind> expected =
        EnumSet.of(
            ErrorKind.EXISTS,
            ErrorKind.NOT_FOUND,
            ErrorKind.NOT_EMPTY,
            ErrorKind.IS_DIRECTORY,
            ErrorKind.NOT_DIRECTORY);
    AtomicInteger succeeded = new AtomicInteger();
    inParallel(
        t -> {
          SplittableRandom rnd = new SplittableRandom(1000 + t);
          for (int op = 0; op < 300; op++) {
            String a = "e" + rnd.nextInt(24);
            String b = "e" + rnd.nextInt(24);
            try {
              switch (rnd.nextInt(8)) {
                case 0, 1 -> createFile(dir, a);
                case 2 -> mkdir(dir, a);
                case 3 -> volume.symlink(dir, a, b, OWNER);
                case 4 -> volume.remove(dir, a, RemoveKind.ANY);
                case 5 -> volume.rename(dir, a, dir, b, RenameMode.REPLACE);
                case 6 -> volume.rename(dir, a, dir, b, RenameMode.NO_REPLACE);
                default -> volume.lookup(dir, a);
              }
              succeeded.incrementAndGet();
            } catch (DfsException e) {
              if (!expected.contains(e.kind())) {
                throw new AssertionError("thread " + t + " op " + op + " on " + a + "/" + b, e);
              }
            }
          }
        });

    assertThat(succeeded.get()).isPositive();
    List<DirEntry> listed = listAll(dir, 5, true);
    Map<String, DirEntry> byName = new HashMap<>();
    Set<ObjectId> ids = new HashSet<>();
    for (DirEntry e : listed) {
      assertThat(byName.put(e.name(), e)).as("duplicate entry %s", e.name()).isNull();
      assertThat(ids.add(e.id())).as("id listed twice: %s", e.id()).isTrue();
      assertThat(volume.location(e.id())).contains(new Location(dir, e.name()));
    }
    for (int i = 0; i < 24; i++) {
      String name = "e" + i;
      DirEntry entry = byName.get(name);
      if (entry == null) {
        assertKind(ErrorKind.NOT_FOUND, () -> volume.lookup(dir, name));
      } else {
        Attributes looked = volume.lookup(dir, name);
        assertThat(looked.id()).isEqualTo(entry.id());
        assertThat(looked.type()).isEqualTo(entry.type());
      }
    }
    assertThat(volume.getAttributes(dir).size()).isEqualTo(listed.size());
    assertThat(listed.stream().map(DirEntry::name).toList()).isSortedAccordingTo(UTF8_ORDER);
  }
}

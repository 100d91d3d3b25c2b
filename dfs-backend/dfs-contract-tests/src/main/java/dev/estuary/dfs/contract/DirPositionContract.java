package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link DirEntry#position()} and {@link dev.estuary.dfs.Volume#readdirByPosition}: 64-bit
 * positions given at insert, never reused in a directory, valid across restarts, and a listing
 * resumed from a position that returns every entry present throughout exactly once while another
 * thread inserts and removes (checked against a model of what that thread did and when).
 */
public abstract class DirPositionContract extends DfsContractSupport {

  @Test
  void positions_followTheOrderOfInsertion_andMatchTheNameOrderedListing() {
    List<String> created = List.of("m", "b", "z", "a", "q");
    for (String n : created) {
      createFile(root, n);
    }
    mkdir(root, "dir");
    volume.symlink(root, "link", "m", OWNER);

    List<DirEntry> byPosition = listByPosition(root, 100);

    assertThat(byPosition).extracting(DirEntry::name)
        .containsExactly("m", "b", "z", "a", "q", "dir", "link");
    assertThat(byPosition.getFirst().position()).isGreaterThanOrEqualTo(DirEntry.FIRST_POSITION);
    Map<String, Long> positions = new HashMap<>();
    for (DirEntry e : byPosition) {
      positions.put(e.name(), e.position());
    }
    for (DirEntry e : listAll(root, 100, false)) {
      assertThat(e.position()).as("position of %s in readdir", e.name())
          .isEqualTo(positions.get(e.name()));
      assertThat(byPosition).contains(e);
    }
  }

  @Test
  void emptyDirectory_isOneFinalPage() {
    DirPositionPage page = volume.readdirByPosition(root, DirEntry.NO_POSITION, 10, false);

    assertThat(page.entries()).isEmpty();
    assertThat(page.end()).isTrue();
    assertThat(page.last()).isEqualTo(DirEntry.NO_POSITION);
  }

  @Test
  void smallPages_returnEveryEntryOnceInIncreasingPositions() {
    Set<ObjectId> ids = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      ids.add(createFile(root, "f" + i).id());
      // Renamed in place: each gets a second position, above the first.
      volume.rename(root, "f" + i, root, "n" + i, RenameMode.NO_REPLACE);
    }
    for (int pageSize : new int[] {1, 2, 7, 60, 61}) {
      List<DirEntry> all = listByPosition(root, pageSize);
      assertThat(all).hasSize(60);
      assertThat(all).extracting(DirEntry::id).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @Test
  void page_lastIsTheLastPositionReturned_andEndIsSetOnlyOnTheFinalPage() {
    for (int i = 0; i < 5; i++) {
      createFile(root, "f" + i);
    }
    DirPositionPage first = volume.readdirByPosition(root, DirEntry.NO_POSITION, 3, false);
    assertThat(first.entries()).hasSize(3);
    assertThat(first.end()).isFalse();
    assertThat(first.last()).isEqualTo(first.entries().getLast().position());

    DirPositionPage second = volume.readdirByPosition(root, first.last(), 3, false);
    assertThat(second.entries()).extracting(DirEntry::name).containsExactly("f3", "f4");
    assertThat(second.end()).isTrue();

    DirPositionPage after = volume.readdirByPosition(root, second.last(), 3, false);
    assertThat(after.entries()).isEmpty();
    assertThat(after.end()).isTrue();
    assertThat(after.last()).isEqualTo(second.last());
  }

  @Test
  void resumingFromAPositionThatIsNoEntry_startsAtTheNextHigherOne() {
    createFile(root, "a");
    long pb = createAndFind(root, "b");
    createFile(root, "c");
    volume.remove(root, "b", RemoveKind.ANY);

    DirPositionPage page = volume.readdirByPosition(root, pb, 10, false);
    assertThat(page.entries()).extracting(DirEntry::name).containsExactly("c");
    DirPositionPage fromMinusOne = volume.readdirByPosition(root, pb - 1, 10, false);
    assertThat(fromMinusOne.entries()).extracting(DirEntry::name).containsExactly("c");
    // 1 and 2 are never positions (NFS keeps those cookies): resuming there lists everything.
    assertThat(volume.readdirByPosition(root, 2, 10, false).entries()).hasSize(2);
    DirPositionPage beyond = volume.readdirByPosition(root, Long.MAX_VALUE, 10, false);
    assertThat(beyond.entries()).isEmpty();
    assertThat(beyond.end()).isTrue();
  }

  @Test
  void positions_areNeverGivenTwiceInADirectory() {
    Set<Long> seen = new HashSet<>();
    long last = 0;
    for (int i = 0; i < 40; i++) {
      long p = createAndFind(root, "same");
      assertThat(p).as("position of insert %d", i).isGreaterThan(last);
      assertThat(seen.add(p)).isTrue();
      last = p;
      if (i % 2 == 0) {
        volume.remove(root, "same", RemoveKind.ANY);
      } else {
        volume.rename(root, "same", root, "other", RenameMode.REPLACE);
        long moved = find(root, "other").position();
        assertThat(moved).as("position after rename %d", i).isGreaterThan(last);
        assertThat(seen.add(moved)).isTrue();
        last = moved;
        volume.remove(root, "other", RemoveKind.ANY);
      }
    }
  }

  @Test
  void renamedEntry_getsANewPositionInItsDestination() {
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    createFile(b, "x");
    createFile(a, "f");
    long px = find(b, "x").position();

    volume.rename(a, "f", b, "g", RenameMode.NO_REPLACE);

    DirEntry g = find(b, "g");
    assertThat(g.position()).isGreaterThan(px);
    assertThat(volume.readdirByPosition(a, DirEntry.NO_POSITION, 10, false).entries()).isEmpty();
    assertThat(volume.readdirByPosition(b, px, 10, false).entries()).extracting(DirEntry::name)
        .containsExactly("g");
  }

  @Test
  void replacingRename_removesTheReplacedPosition() {
    createFile(root, "a");
    createFile(root, "b");
    long pb = find(root, "b").position();

    volume.rename(root, "a", root, "b", RenameMode.REPLACE);

    List<DirEntry> all = listByPosition(root, 10);
    assertThat(all).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("b");
      assertThat(e.position()).isGreaterThan(pb);
    });
  }

  @Test
  void positions_surviveRestart_andAListingResumesAfterIt() {
    for (int i = 0; i < 10; i++) {
      createFile(root, "f" + i);
    }
    List<DirEntry> before = listByPosition(root, 3);
    DirPositionPage first = volume.readdirByPosition(root, DirEntry.NO_POSITION, 4, false);

    reopen();

    assertThat(listByPosition(root, 3)).isEqualTo(before);
    DirPositionPage rest = volume.readdirByPosition(root, first.last(), 100, false);
    assertThat(rest.entries()).extracting(DirEntry::name)
        .containsExactly("f4", "f5", "f6", "f7", "f8", "f9");
    long p = createAndFind(root, "new");
    assertThat(p).as("a position after restart").isGreaterThan(before.getLast().position());
  }

  @Test
  void withAttributes_fillsTheSameAttributesAsLookup() {
    createFile(root, "f", new byte[] {1, 2});
    mkdir(root, "d");
    volume.symlink(root, "l", "f", OWNER);

    for (DirEntry e : listByPositionWithAttributes(root, 2)) {
      Attributes looked = volume.lookup(root, e.name());
      assertThat(e.attributes()).as("attributes of %s", e.name()).isEqualTo(looked);
    }
  }

  @Test
  void badArguments_areRefused() {
    ObjectId f = createFile(root, "f").id();
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.readdirByPosition(root, -1, 10, false));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.readdirByPosition(root, 0, 0, false));
    assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> volume.readdirByPosition(root, 0, Limits.MAX_READDIR_ENTRIES + 1, false));
    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.readdirByPosition(f, 0, 10, false));
    ObjectId d = mkdir(root, "d").id();
    volume.remove(root, "d", RemoveKind.DIRECTORY);
    assertKind(ErrorKind.STALE, () -> volume.readdirByPosition(d, 0, 10, false));
  }

  /**
   * The model check: a writer thread inserts and removes (never reusing a name, so each name is
   * one entry) and stamps each step on a shared clock; listings in small pages run meanwhile. An
   * entry inserted before a listing began and not removed before it ended must appear exactly
   * once; no entry may appear on a page that began after its removal completed; positions
   * increase; an entry's position never changes.
   */
  @Test
  void listingsUnderConcurrentInsertsAndRemovals_matchTheModel() throws Exception {
    AtomicLong clockSteps = new AtomicLong();
    Map<String, Long> inserted = new ConcurrentHashMap<>();
    Map<String, Long> removeStarted = new ConcurrentHashMap<>();
    Map<String, Long> removed = new ConcurrentHashMap<>();
    for (int i = 0; i < 150; i++) {
      createFile(root, "p" + i);
      inserted.put("p" + i, clockSteps.incrementAndGet());
    }
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Map<String, Long> positionOf = new HashMap<>();
    try {
      Future<Integer> steps = writer.submit(() -> {
        SplittableRandom random = new SplittableRandom(42);
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          live.add("p" + i);
        }
        int n = 0;
        while (!stop.get()) {
          if (random.nextBoolean() || live.size() < 20) {
            String name = "w" + n;
            createFile(root, name);
            inserted.put(name, clockSteps.incrementAndGet());
            live.add(name);
          } else {
            String name = live.remove(random.nextInt(live.size()));
            // A placeholder first: a reader that cannot see the step yet treats it as begun.
            removeStarted.put(name, Long.MIN_VALUE);
            removeStarted.put(name, clockSteps.incrementAndGet());
            volume.remove(root, name, RemoveKind.ANY);
            removed.put(name, clockSteps.incrementAndGet());
          }
          n++;
        }
        return n;
      });
      for (int listing = 0; listing < 30; listing++) {
        long start = clockSteps.get();
        List<DirEntry> seen = new ArrayList<>();
        List<Long> pageStarts = new ArrayList<>();
        long after = DirEntry.NO_POSITION;
        int pageSize = 1 + listing % 9;
        for (int pages = 0; ; pages++) {
          assertThat(pages).isLessThan(100_000);
          long pageStart = clockSteps.get();
          DirPositionPage page = volume.readdirByPosition(root, after, pageSize, false);
          for (DirEntry e : page.entries()) {
            seen.add(e);
            pageStarts.add(pageStart);
          }
          after = page.last();
          if (page.end()) {
            break;
          }
        }
        long end = clockSteps.get();
        Set<String> names = new HashSet<>();
        long lastPosition = 0;
        for (int i = 0; i < seen.size(); i++) {
          DirEntry e = seen.get(i);
          assertThat(e.position()).as("listing %d: positions increase", listing)
              .isGreaterThan(lastPosition);
          lastPosition = e.position();
          assertThat(names.add(e.name())).as("listing %d: %s twice", listing, e.name()).isTrue();
          Long gone = removed.get(e.name());
          assertThat(gone == null || gone > pageStarts.get(i))
              .as("listing %d: %s was removed (step %d) before its page began (step %d)",
                  listing, e.name(), gone, pageStarts.get(i))
              .isTrue();
          Long known = positionOf.putIfAbsent(e.name(), e.position());
          assertThat(known == null || known == e.position())
              .as("position of %s changed from %d to %d", e.name(), known, e.position()).isTrue();
        }
        for (Map.Entry<String, Long> in : inserted.entrySet()) {
          Long removing = removeStarted.get(in.getKey());
          if (in.getValue() <= start && (removing == null || removing > end)) {
            assertThat(names).as("listing %d: %s, present throughout", listing, in.getKey())
                .contains(in.getKey());
          }
        }
      }
      stop.set(true);
      assertThat(steps.get(30, TimeUnit.SECONDS)).as("writer steps").isPositive();
    } finally {
      stop.set(true);
      writer.shutdown();
      assertThat(writer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private List<DirEntry> listByPosition(ObjectId dir, int pageSize) {
    return list(dir, pageSize, false);
  }

  private List<DirEntry> listByPositionWithAttributes(ObjectId dir, int pageSize) {
    return list(dir, pageSize, true);
  }

  private List<DirEntry> list(ObjectId dir, int pageSize, boolean withAttributes) {
    List<DirEntry> all = new ArrayList<>();
    long after = DirEntry.NO_POSITION;
    for (int pages = 0; ; pages++) {
      assertThat(pages).isLessThan(1_000_000);
      DirPositionPage page = volume.readdirByPosition(dir, after, pageSize, withAttributes);
      assertThat(page.entries().size()).isLessThanOrEqualTo(pageSize);
      for (DirEntry e : page.entries()) {
        assertThat(e.position()).isGreaterThan(after);
        after = e.position();
        all.add(e);
      }
      after = page.last();
      if (page.end()) {
        return all;
      }
      assertThat(page.entries()).as("a non-final page of %s", dir).isNotEmpty();
    }
  }

  private DirEntry find(ObjectId dir, String name) {
    return listByPosition(dir, 1000).stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not listed in " + dir));
  }

  private long createAndFind(ObjectId dir, String name) {
    createFile(dir, name);
    return find(dir, name).position();
  }
}

package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.RemoveKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.estuary.dfs.Volume#readdir} and {@link dev.estuary.dfs.Volume#cursorAfter}: UTF-8
 * byte order, paging, stored cursors, attributes and bounds. Cursors under concurrent change are
 * in {@link ReaddirCursorContract}.
 */
public abstract class ReaddirContract extends DfsContractSupport {

  /**
   * Names whose UTF-8 order differs from Java's UTF-16 {@code String} order: U+FFFD sorts after
   * the emoji U+1F600 in UTF-16 (0xFFFD > 0xD83D) but before it in UTF-8 (EF BF BD < F0 9F 98 80).
   */
  private static final List<String> MIXED =
      List.of(
          "\ufffd", "\ud83d\ude00", "\uff21", "\u00e9", "e\u0301", "Z", "a", "B", "10", "9", "~",
          "a b", "a-b", "\u6f22", "\u007f", " ");

  @Test
  void readdir_mixedNames_areInUtf8ByteOrderNotUtf16Order() {
    for (String name : MIXED) {
      createFile(root, name);
    }
    List<String> expected = utf8Sorted(MIXED);
    assertThat(expected).isNotEqualTo(MIXED.stream().sorted().toList());

    assertThat(names(root)).containsExactlyElementsOf(expected);
    assertThat(listAll(root, 1, false).stream().map(DirEntry::name).toList())
        .containsExactlyElementsOf(expected);
    assertThat(expected.indexOf("\ufffd")).isLessThan(expected.indexOf("\ud83d\ude00"));
  }

  @Test
  void readdir_emptyDirectory_isOneFinalEmptyPage() {
    DirPage page = volume.readdir(root, DirCursor.START, 10, false);

    assertThat(page.entries()).isEmpty();
    assertThat(page.end()).isTrue();
  }

  @Test
  void readdir_entries_carryTheIdAndTypeOfEachObjectAndNoDotEntries() {
    ObjectId f = createFile(root, "f").id();
    ObjectId d = mkdir(root, "d").id();
    ObjectId l = volume.symlink(root, "l", "f", OWNER).id();

    List<DirEntry> entries = listAll(root, 10, false);

    assertThat(entries)
        .containsExactly(
            new DirEntry("d", d, ObjectType.DIRECTORY, entries.get(0).position(), null),
            new DirEntry("f", f, ObjectType.FILE, entries.get(1).position(), null),
            new DirEntry("l", l, ObjectType.SYMLINK, entries.get(2).position(), null));
    // Positions follow the order of insertion (f, d, l), not the order of names.
    assertThat(entries.get(1).position()).isGreaterThanOrEqualTo(DirEntry.FIRST_POSITION);
    assertThat(entries.get(0).position()).isGreaterThan(entries.get(1).position());
    assertThat(entries.get(2).position()).isGreaterThan(entries.get(0).position());
  }

  @Test
  void readdir_withAttributes_fillsTheSameAttributesAsLookup() {
    createFile(root, "f", new byte[] {1, 2, 3});
    mkdir(root, "d");
    volume.symlink(root, "l", "target", OWNER);

    for (DirEntry e : listAll(root, 2, true)) {
      Attributes looked = volume.lookup(root, e.name());
      assertThat(e.attributes()).as("attributes of %s", e.name()).isEqualTo(looked);
      assertThat(e.attributes().type()).isEqualTo(e.type());
    }
  }

  @Test
  void readdir_smallPages_concatenateToTheWholeListingAndOnlyTheLastIsEnd() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      String name = String.format("n%03d", i * 8 % 21);
      createFile(root, name);
      all.add(name);
    }
    List<String> seen = new ArrayList<>();
    DirCursor cursor = DirCursor.START;
    List<Boolean> ends = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      DirPage page = volume.readdir(root, cursor, 3, false);
      assertThat(page.entries()).hasSize(3);
      page.entries().forEach(e -> seen.add(e.name()));
      ends.add(page.end());
      cursor = page.next();
    }

    assertThat(seen).containsExactlyElementsOf(utf8Sorted(all));
    assertThat(ends).containsExactly(false, false, false, false, false, false, true);
    DirPage after = volume.readdir(root, cursor, 3, false);
    assertThat(after.entries()).isEmpty();
    assertThat(after.end()).isTrue();
  }

  @Test
  void cursor_throughToBytesAndFromBytes_resumesWhereItStopped() {
    for (int i = 0; i < 10; i++) {
      createFile(root, "f" + i);
    }
    DirPage first = volume.readdir(root, DirCursor.START, 4, false);
    byte[] stored = first.next().toBytes();

    DirCursor rebuilt = DirCursor.fromBytes(stored);

    assertThat(rebuilt).isEqualTo(first.next());
    assertThat(rebuilt.isStart()).isFalse();
    assertThat(volume.readdir(root, rebuilt, 100, false).entries())
        .extracting(DirEntry::name)
        .containsExactly("f4", "f5", "f6", "f7", "f8", "f9");
    assertThat(DirCursor.fromBytes(new byte[0])).isEqualTo(DirCursor.START);
  }

  @Test
  void cursorAfter_existingName_startsAtTheNextName() {
    for (String n : List.of("apple", "banana", "cherry", "date")) {
      createFile(root, n);
    }

    DirPage page = volume.readdir(root, volume.cursorAfter("banana"), 10, false);

    assertThat(page.entries()).extracting(DirEntry::name).containsExactly("cherry", "date");
    assertThat(page.end()).isTrue();
  }

  @Test
  void cursorAfter_missingName_startsAtTheFirstNameSortingAfterIt() {
    for (String n : List.of("apple", "banana", "cherry", "\ufffd", "\ud83d\ude00")) {
      createFile(root, n);
    }

    assertThat(volume.readdir(root, volume.cursorAfter("b"), 10, false).entries())
        .extracting(DirEntry::name)
        .containsExactly("banana", "cherry", "\ufffd", "\ud83d\ude00");
    assertThat(volume.readdir(root, volume.cursorAfter("bananas"), 10, false).entries())
        .extracting(DirEntry::name)
        .containsExactly("cherry", "\ufffd", "\ud83d\ude00");
    assertThat(volume.readdir(root, volume.cursorAfter("\ufffd"), 10, false).entries())
        .extracting(DirEntry::name)
        .containsExactly("\ud83d\ude00");
    DirPage none = volume.readdir(root, volume.cursorAfter("\ud83d\ude01"), 10, false);
    assertThat(none.entries()).isEmpty();
    assertThat(none.end()).isTrue();
  }

  @Test
  void cursorAfter_storedAsBytes_worksLikeTheOriginal() {
    for (String n : List.of("a", "b", "c")) {
      createFile(root, n);
    }
    DirCursor rebuilt = DirCursor.fromBytes(volume.cursorAfter("a").toBytes());

    assertThat(volume.readdir(root, rebuilt, 10, false).entries())
        .extracting(DirEntry::name)
        .containsExactly("b", "c");
  }

  @Test
  void readdir_maxEntriesOutOfBounds_failsInvalidArgument() {
    createFile(root, "f");

    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.readdir(root, DirCursor.START, 0, false));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.readdir(root, DirCursor.START, -1, false));
    assertKind(
        ErrorKind.INVALID_ARGUMENT,
        () -> volume.readdir(root, DirCursor.START, Limits.MAX_READDIR_ENTRIES + 1, false));
    assertThat(volume.readdir(root, DirCursor.START, Limits.MAX_READDIR_ENTRIES, false).entries())
        .hasSize(1);
  }

  @Test
  void readdir_onAFileOrRemovedDirectory_fails() {
    ObjectId f = createFile(root, "f").id();
    ObjectId d = mkdir(root, "d").id();
    volume.remove(root, "d", RemoveKind.DIRECTORY);

    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.readdir(f, DirCursor.START, 10, false));
    assertKind(ErrorKind.STALE, () -> volume.readdir(d, DirCursor.START, 10, false));
  }

  @Test
  void readdir_largeDirectory_listsEveryEntryOnceInOrder() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String name = Integer.toString(i * 7919 % 1000, 36) + "-\u00e9" + i;
      mkdir(root, name);
      all.add(name);
    }

    assertThat(listAll(root, 97, false).stream().map(DirEntry::name).toList())
        .containsExactlyElementsOf(utf8Sorted(all));
    assertThat(volume.getAttributes(root).size()).isEqualTo(1000);
  }
}

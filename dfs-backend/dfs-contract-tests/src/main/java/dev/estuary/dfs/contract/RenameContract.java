package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RenameMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link dev.estuary.dfs.Volume#rename}: POSIX replace rules, no-replace, exchange, subtrees. */
public abstract class RenameContract extends DfsContractSupport {

  @Test
  void rename_withinDirectory_movesTheNameAndKeepsTheId() {
    ObjectId f = createFile(root, "a", new byte[] {1}).id();

    volume.rename(root, "a", root, "b", RenameMode.NO_REPLACE);

    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookup(root, "a"));
    assertThat(volume.lookup(root, "b").id()).isEqualTo(f);
    assertThat(readAll(f)).containsExactly(1);
    assertThat(names(root)).containsExactly("b");
  }

  @Test
  void rename_directoryAcrossParents_movesItsWholeSubtree() {
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    ObjectId sub = mkdir(a, "sub").id();
    ObjectId f = createFile(sub, "f").id();

    volume.rename(a, "sub", b, "moved", RenameMode.REPLACE);

    assertThat(volume.resolve("/b/moved/f", true).id()).isEqualTo(f);
    assertThat(volume.lookup(b, "moved").id()).isEqualTo(sub);
    assertThat(volume.getAttributes(a).size()).isZero();
    assertThat(volume.getAttributes(b).size()).isEqualTo(1);
    assertThat(volume.location(sub)).contains(new Location(b, "moved"));
  }

  @Test
  void rename_missingSource_failsNotFoundInEveryMode() {
    createFile(root, "dst");
    for (RenameMode mode : RenameMode.values()) {
      assertKind(ErrorKind.NOT_FOUND, () -> volume.rename(root, "nosuch", root, "dst", mode));
    }
  }

  @Test
  void rename_intoAFile_failsNotDirectory() {
    createFile(root, "a");
    ObjectId f = createFile(root, "f").id();

    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.rename(root, "a", f, "x", RenameMode.REPLACE));
  }

  @Test
  void replace_fileOverFile_replacesAndOpenHandleStillReadsTheOldContent() {
    ObjectId src = createFile(root, "src", new byte[] {1, 1}).id();
    ObjectId old = createFile(root, "dst", new byte[] {2, 2, 2}).id();
    try (FileHandle h = volume.open(old, OpenMode.READ)) {

      volume.rename(root, "src", root, "dst", RenameMode.REPLACE);

      assertThat(volume.lookup(root, "dst").id()).isEqualTo(src);
      assertThat(names(root)).containsExactly("dst");
      assertThat(readAll(h)).containsExactly(2, 2, 2);
    }
    assertThat(readAll(src)).containsExactly(1, 1);
  }

  @Test
  void replace_fileOverFile_withoutHandles_makesTheOldIdStale() {
    createFile(root, "src");
    ObjectId old = createFile(root, "dst").id();

    volume.rename(root, "src", root, "dst", RenameMode.REPLACE);

    assertKind(ErrorKind.STALE, () -> volume.getAttributes(old));
  }

  @Test
  void replace_fileOverSymlink_replacesTheLinkNotItsTarget() {
    ObjectId target = createFile(root, "target", new byte[] {3}).id();
    ObjectId src = createFile(root, "src").id();
    volume.symlink(root, "link", "target", OWNER);

    volume.rename(root, "src", root, "link", RenameMode.REPLACE);

    assertThat(volume.lookup(root, "link").id()).isEqualTo(src);
    assertThat(volume.lookup(root, "target").id()).isEqualTo(target);
    assertThat(readAll(target)).containsExactly(3);
  }

  @Test
  void replace_directoryOverEmptyDirectory_replacesIt() {
    ObjectId src = mkdir(root, "src").id();
    createFile(src, "inside");
    ObjectId dst = mkdir(root, "dst").id();

    volume.rename(root, "src", root, "dst", RenameMode.REPLACE);

    assertThat(volume.lookup(root, "dst").id()).isEqualTo(src);
    assertThat(names(src)).containsExactly("inside");
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(dst));
  }

  @Test
  void replace_directoryOverNonEmptyDirectory_failsNotEmpty() {
    mkdir(root, "src");
    ObjectId dst = mkdir(root, "dst").id();
    createFile(dst, "keep");

    assertKind(
        ErrorKind.NOT_EMPTY, () -> volume.rename(root, "src", root, "dst", RenameMode.REPLACE));
    assertThat(names(dst)).containsExactly("keep");
    assertThat(names(root)).containsExactly("dst", "src");
  }

  @Test
  void replace_directoryOverFile_failsNotDirectory() {
    mkdir(root, "dir");
    createFile(root, "file");
    volume.symlink(root, "link", "dir", OWNER);

    assertKind(
        ErrorKind.NOT_DIRECTORY,
        () -> volume.rename(root, "dir", root, "file", RenameMode.REPLACE));
    assertKind(
        ErrorKind.NOT_DIRECTORY,
        () -> volume.rename(root, "dir", root, "link", RenameMode.REPLACE));
  }

  @Test
  void replace_fileOrSymlinkOverDirectory_failsIsDirectory() {
    mkdir(root, "dir");
    createFile(root, "file");
    volume.symlink(root, "link", "file", OWNER);

    assertKind(
        ErrorKind.IS_DIRECTORY,
        () -> volume.rename(root, "file", root, "dir", RenameMode.REPLACE));
    assertKind(
        ErrorKind.IS_DIRECTORY,
        () -> volume.rename(root, "link", root, "dir", RenameMode.REPLACE));
    assertThat(names(root)).containsExactly("dir", "file", "link");
  }

  @Test
  void replace_ontoItself_changesNothing() {
    ObjectId f = createFile(root, "f", new byte[] {4}).id();
    ObjectId d = mkdir(root, "d").id();

    volume.rename(root, "f", root, "f", RenameMode.REPLACE);
    volume.rename(root, "d", root, "d", RenameMode.REPLACE);

    assertThat(volume.lookup(root, "f").id()).isEqualTo(f);
    assertThat(volume.lookup(root, "d").id()).isEqualTo(d);
    assertThat(readAll(f)).containsExactly(4);
    assertThat(names(root)).containsExactly("d", "f");
  }

  @Test
  void noReplace_overExistingEntry_failsExistsAndChangesNothing() {
    ObjectId a = createFile(root, "a").id();
    ObjectId b = createFile(root, "b").id();
    ObjectId d = mkdir(root, "d").id();

    assertKind(ErrorKind.EXISTS, () -> volume.rename(root, "a", root, "b", RenameMode.NO_REPLACE));
    assertKind(ErrorKind.EXISTS, () -> volume.rename(root, "a", root, "d", RenameMode.NO_REPLACE));
    assertKind(ErrorKind.EXISTS, () -> volume.rename(root, "d", root, "a", RenameMode.NO_REPLACE));

    assertThat(volume.lookup(root, "a").id()).isEqualTo(a);
    assertThat(volume.lookup(root, "b").id()).isEqualTo(b);
    assertThat(volume.lookup(root, "d").id()).isEqualTo(d);
  }

  @Test
  void exchange_fileAndDirectoryInDifferentParents_swapsThemKeepingIds() {
    assumeCapability(Capability.RENAME_EXCHANGE);
    ObjectId p1 = mkdir(root, "p1").id();
    ObjectId p2 = mkdir(root, "p2").id();
    ObjectId f = createFile(p1, "x", new byte[] {8}).id();
    ObjectId d = mkdir(p2, "y").id();
    createFile(d, "inside");

    volume.rename(p1, "x", p2, "y", RenameMode.EXCHANGE);

    assertThat(volume.lookup(p1, "x").id()).isEqualTo(d);
    assertThat(volume.lookup(p2, "y").id()).isEqualTo(f);
    assertThat(volume.location(d)).contains(new Location(p1, "x"));
    assertThat(volume.location(f)).contains(new Location(p2, "y"));
    assertThat(volume.resolve("/p1/x/inside", true).isFile()).isTrue();
    assertThat(readAll(f)).containsExactly(8);
  }

  @Test
  void exchange_missingDestination_failsNotFound() {
    assumeCapability(Capability.RENAME_EXCHANGE);
    createFile(root, "a");

    assertKind(
        ErrorKind.NOT_FOUND, () -> volume.rename(root, "a", root, "nosuch", RenameMode.EXCHANGE));
    assertThat(names(root)).containsExactly("a");
  }

  @Test
  void exchange_nonEmptyDirectories_swapsWithoutEmptinessRules() {
    assumeCapability(Capability.RENAME_EXCHANGE);
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    createFile(a, "in-a");
    createFile(b, "in-b");

    volume.rename(root, "a", root, "b", RenameMode.EXCHANGE);

    assertThat(volume.lookup(root, "a").id()).isEqualTo(b);
    assertThat(volume.lookup(root, "b").id()).isEqualTo(a);
    assertThat(names(volume.lookup(root, "a").id())).containsExactly("in-b");
  }

  @ParameterizedTest
  @EnumSource(RenameMode.class)
  void rename_directoryIntoItsOwnSubtree_failsInvalidArgumentInEveryMode(RenameMode mode) {
    if (mode == RenameMode.EXCHANGE) {
      assumeCapability(Capability.RENAME_EXCHANGE);
    }
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(a, "b").id();
    ObjectId c = mkdir(b, "c").id();
    // For EXCHANGE the destination must exist; for the others it must not, or the
    // NO_REPLACE check could answer first.
    if (mode == RenameMode.EXCHANGE) {
      mkdir(c, "x");
      mkdir(a, "x");
    }

    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.rename(root, "a", c, "x", mode));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.rename(root, "a", a, "x", mode));

    assertThat(volume.location(a)).contains(new Location(root, "a"));
    assertThat(volume.resolve("/a/b/c", true).id()).isEqualTo(c);
    assertThat(names(root)).containsExactly("a");
  }

  @Test
  void rename_directoryOntoItsOwnChildName_failsInvalidArgument() {
    ObjectId a = mkdir(root, "a").id();
    mkdir(a, "b");

    // Replacing a's own (empty) descendant with a would detach a from the tree.
    assertKind(
        ErrorKind.INVALID_ARGUMENT, () -> volume.rename(root, "a", a, "b", RenameMode.REPLACE));
    assertThat(names(a)).containsExactly("b");
  }

  @Test
  void rename_invalidDestinationName_failsInvalidArgument() {
    createFile(root, "a");

    for (String bad : List.of("", ".", "..", "x/y")) {
      assertKind(
          ErrorKind.INVALID_ARGUMENT, () -> volume.rename(root, "a", root, bad, RenameMode.REPLACE));
    }
    assertThat(names(root)).containsExactly("a");
  }
}

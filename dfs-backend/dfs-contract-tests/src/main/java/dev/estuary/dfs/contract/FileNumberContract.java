package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Attributes#fileNumber()} and {@link Attributes#linkCount()}: the numbers NFS ({@code
 * fileid}, {@code numlinks}) and SMB ({@code IndexNumber}, {@code NumberOfLinks}) show. A file
 * number is unique in the volume, never reused, and fixed for the object's life, across renames
 * and restarts; a directory's link count is 2 plus its subdirectories as they come and go.
 */
public abstract class FileNumberContract extends DfsContractSupport {

  @Test
  void fileNumbers_areUniqueAndPositiveAcrossTypesAndDirectories() {
    ObjectId d = mkdir(root, "d").id();
    List<Attributes> all = List.of(
        volume.getAttributes(root), volume.getAttributes(d), createFile(root, "f"),
        createFile(d, "f"), mkdir(d, "sub"), volume.symlink(d, "l", "f", OWNER));
    Set<Long> numbers = new HashSet<>();
    for (Attributes a : all) {
      assertThat(a.fileNumber()).as("file number of %s", a.id()).isPositive();
      assertThat(numbers.add(a.fileNumber())).as("file number %d twice", a.fileNumber()).isTrue();
    }
  }

  @Test
  void fileNumber_isTheSameFromEveryCallAndAcrossRename() {
    Attributes created = createFile(root, "f", new byte[] {1});
    ObjectId d = mkdir(root, "d").id();
    long n = created.fileNumber();

    volume.rename(root, "f", d, "g", RenameMode.NO_REPLACE);

    assertThat(volume.getAttributes(created.id()).fileNumber()).isEqualTo(n);
    assertThat(volume.lookup(d, "g").fileNumber()).isEqualTo(n);
    assertThat(listAll(d, 10, true)).singleElement()
        .satisfies(e -> assertThat(e.attributes().fileNumber()).isEqualTo(n));
    try (FileHandle h = volume.open(created.id(), OpenMode.READ_WRITE)) {
      h.write(1, java.nio.ByteBuffer.wrap(new byte[] {2}));
      assertThat(h.attributes().fileNumber()).isEqualTo(n);
    }
  }

  @Test
  void fileNumbers_ofRemovedObjects_areNeverGivenAgain() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      // The same name again and again: an implementation reusing numbers would show it here.
      Attributes f = createFile(root, "f");
      Attributes d = mkdir(root, "d");
      assertThat(seen.add(f.fileNumber())).as("file number %d reused", f.fileNumber()).isTrue();
      assertThat(seen.add(d.fileNumber())).as("file number %d reused", d.fileNumber()).isTrue();
      volume.remove(root, "f", RemoveKind.ANY);
      volume.remove(root, "d", RemoveKind.ANY);
    }
  }

  @Test
  void fileNumbers_areStableAcrossRestart_andNotReusedAfterIt() {
    Map<String, Long> before = new HashMap<>();
    before.put("root", volume.getAttributes(root).fileNumber());
    before.put("f", createFile(root, "f").fileNumber());
    before.put("d", mkdir(root, "d").fileNumber());
    before.put("gone", createFile(root, "gone").fileNumber());
    volume.remove(root, "gone", RemoveKind.ANY);

    reopen();

    assertThat(volume.getAttributes(root).fileNumber()).isEqualTo(before.get("root"));
    assertThat(volume.lookup(root, "f").fileNumber()).isEqualTo(before.get("f"));
    assertThat(volume.lookup(root, "d").fileNumber()).isEqualTo(before.get("d"));
    for (int i = 0; i < 20; i++) {
      long n = createFile(root, "new" + i).fileNumber();
      assertThat(before.values()).as("file number after restart").doesNotContain(n);
    }
  }

  @Test
  void linkCount_ofFilesAndSymlinks_isOne() {
    assertThat(createFile(root, "f").linkCount()).isEqualTo(1);
    assertThat(volume.symlink(root, "l", "f", OWNER).linkCount()).isEqualTo(1);
    assertThat(volume.lookup(root, "f").linkCount()).isEqualTo(1);
    assertThat(listAll(root, 10, true)).extracting(e -> e.attributes().linkCount())
        .containsOnly(1);
  }

  @Test
  void linkCount_ofAFileRemovedWhileOpen_isZero() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    try (FileHandle h = volume.open(f, OpenMode.READ)) {
      volume.remove(root, "f", RemoveKind.ANY);

      assertThat(h.attributes().linkCount()).isZero();
    }
  }

  @Test
  void linkCount_ofAnUnlinkedObject_isZeroUntilItIsLinked() {
    assumeCapability(Capability.UNLINKED_OBJECTS);
    Attributes tmp = volume.createUnlinked(0644, OWNER);
    try (FileHandle h = volume.open(tmp.id(), OpenMode.READ_WRITE)) {
      assertThat(tmp.linkCount()).isZero();
      assertThat(volume.getAttributes(tmp.id()).linkCount()).isZero();

      Attributes linked = volume.link(tmp.id(), root, "f", RenameMode.NO_REPLACE);

      assertThat(linked.linkCount()).isEqualTo(1);
      assertThat(linked.fileNumber()).isEqualTo(tmp.fileNumber());
      assertThat(h.attributes().linkCount()).isEqualTo(1);
    }
  }

  @Test
  void linkCount_ofADirectory_isTwoPlusItsSubdirectories() {
    ObjectId d = mkdir(root, "d").id();
    assertThat(links(d)).isEqualTo(2);
    long rootLinks = links(root);

    mkdir(d, "a");
    mkdir(d, "b");
    createFile(d, "f");
    volume.symlink(d, "l", "a", OWNER);
    assertThat(links(d)).isEqualTo(4);
    assertThat(links(root)).isEqualTo(rootLinks);
    assertThat(volume.lookup(root, "d").linkCount()).isEqualTo(4);

    volume.remove(d, "a", RemoveKind.DIRECTORY);
    volume.remove(d, "f", RemoveKind.ANY);
    assertThat(links(d)).isEqualTo(3);
  }

  @Test
  void linkCount_followsRenamesOfDirectories() {
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    mkdir(a, "sub");
    mkdir(a, "sub2");
    mkdir(b, "victim");
    createFile(b, "file");
    assertThat(links(a)).isEqualTo(4);
    assertThat(links(b)).isEqualTo(3);

    volume.rename(a, "sub", b, "moved", RenameMode.NO_REPLACE);
    assertThat(links(a)).isEqualTo(3);
    assertThat(links(b)).isEqualTo(4);

    // Replacing an empty directory: one subdirectory leaves a, none is added to b.
    volume.rename(a, "sub2", b, "victim", RenameMode.REPLACE);
    assertThat(links(a)).isEqualTo(2);
    assertThat(links(b)).isEqualTo(4);

    // Within one directory nothing changes.
    volume.rename(b, "moved", b, "renamed", RenameMode.NO_REPLACE);
    assertThat(links(b)).isEqualTo(4);
  }

  @Test
  void linkCount_followsExchangeOfADirectoryWithAFile() {
    assumeCapability(Capability.RENAME_EXCHANGE);
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    mkdir(a, "dir");
    createFile(b, "file");

    volume.rename(a, "dir", b, "file", RenameMode.EXCHANGE);

    assertThat(links(a)).isEqualTo(2);
    assertThat(links(b)).isEqualTo(3);
    assertThat(volume.lookup(a, "dir").isFile()).isTrue();
    assertThat(volume.lookup(b, "file").isDirectory()).isTrue();
  }

  @Test
  void linkCounts_surviveRestart() {
    ObjectId d = mkdir(root, "d").id();
    mkdir(d, "x");
    mkdir(d, "y");
    long rootLinks = links(root);

    reopen();

    assertThat(links(d)).isEqualTo(4);
    assertThat(links(root)).isEqualTo(rootLinks);
    mkdir(d, "z");
    assertThat(links(d)).isEqualTo(5);
  }

  @Test
  void listing_withAttributes_showsTheSameNumbersAsLookup() {
    ObjectId d = mkdir(root, "d").id();
    mkdir(d, "s");
    createFile(root, "f");
    for (DirEntry e : listAll(root, 10, true)) {
      Attributes looked = volume.lookup(root, e.name());
      assertThat(e.attributes().fileNumber()).isEqualTo(looked.fileNumber());
      assertThat(e.attributes().linkCount()).isEqualTo(looked.linkCount());
    }
  }

  private int links(ObjectId dir) {
    return volume.getAttributes(dir).linkCount();
  }
}

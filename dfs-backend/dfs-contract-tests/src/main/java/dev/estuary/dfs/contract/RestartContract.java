package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Close and reopen of the same data directory: everything committed survives, ids stay unique. */
public abstract class RestartContract extends DfsContractSupport {

  @Test
  void reopen_keepsVolumesRootsIdsAndAttributes() {
    dfs.createVolume("second", 0700, OWNER);
    ObjectId d = volume.mkdir(root, "d", 0750, OWNER).id();
    ObjectId f = createFile(d, "f", randomBytes(3000, 1)).id();
    volume.setAttributes(
        f,
        SetAttributes.builder()
            .mode(0604)
            .uid(77)
            .gid(88)
            .accessTime(Instant.parse("2020-01-01T00:00:00.123Z"))
            .birthTime(Instant.parse("2019-01-01T00:00:00.456Z"))
            .build());
    ObjectId l = volume.symlink(d, "l", "../d/f", OWNER).id();
    List<VolumeInfo> volumes = dfs.listVolumes();
    ObjectId oldRoot = root;
    Attributes fBefore = volume.getAttributes(f);
    Attributes dBefore = volume.getAttributes(d);
    Attributes lBefore = volume.getAttributes(l);

    reopen();

    assertThat(dfs.listVolumes()).isEqualTo(volumes);
    assertThat(root).isEqualTo(oldRoot);
    // Storage use may legitimately change when data is flushed or compacted; nothing else may.
    for (Attributes before : List.of(fBefore, dBefore, lBefore)) {
      assertThat(volume.getAttributes(before.id()))
          .usingRecursiveComparison()
          .ignoringFields("allocatedBytes")
          .isEqualTo(before);
    }
    assertThat(volume.lookup(d, "f").id()).isEqualTo(f);
    assertThat(volume.location(f)).contains(new Location(d, "f"));
    assertThat(volume.readlink(l)).isEqualTo("../d/f");
    assertThat(volume.resolve("/d/l", true).id()).isEqualTo(f);
    assertThat(readAll(f)).isEqualTo(randomBytes(3000, 1));
  }

  @Test
  void reopen_keepsDataOfSmallLargeAndSparseFilesWithoutAnExplicitSync() {
    byte[] tiny = {42};
    byte[] large = randomBytes((1 << 20) + 777, 2);
    ObjectId t = createFile(root, "tiny", tiny).id();
    ObjectId g = createFile(root, "large", large).id();
    ObjectId s = createFile(root, "sparse").id();
    write(s, 5_000_000, new byte[] {1, 2});

    reopen();

    assertThat(readAll(t)).isEqualTo(tiny);
    assertThat(readAll(g)).isEqualTo(large);
    try (FileHandle h = volume.open(s, OpenMode.READ)) {
      assertThat(h.size()).isEqualTo(5_000_002);
      assertThat(readExactly(h, 4_999_999, 3)).containsExactly(0, 1, 2);
    }
  }

  @Test
  void reopen_keepsXattrs() {
    assumeCapability(Capability.XATTRS);
    ObjectId f = createFile(root, "f").id();
    byte[] big = randomBytes(65_536, 3);
    volume.setXattr(f, "user.big", big, XattrMode.CREATE);
    volume.setXattr(root, "user.root", new byte[] {1}, XattrMode.CREATE);
    volume.setXattr(f, "user.gone", new byte[] {1}, XattrMode.CREATE);
    volume.removeXattr(f, "user.gone");

    reopen();

    assertThat(volume.getXattr(f, "user.big")).isEqualTo(big);
    assertThat(volume.listXattrs(f)).containsExactly("user.big");
    assertThat(volume.getXattr(root, "user.root")).containsExactly(1);
  }

  @Test
  void reopen_idsCreatedAfterwardsNeverEqualEarlierOnes() {
    Set<ObjectId> before = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      before.add(createFile(root, "f" + i).id());
      before.add(mkdir(root, "d" + i).id());
    }
    for (int i = 0; i < 40; i += 2) {
      volume.remove(root, "f" + i, RemoveKind.ANY);
      volume.remove(root, "d" + i, RemoveKind.ANY);
    }
    before.add(root);

    reopen();
    List<ObjectId> after = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      after.add(createFile(root, "new" + i).id());
    }
    reopen();
    for (int i = 0; i < 10; i++) {
      after.add(mkdir(root, "newer" + i).id());
    }

    assertThat(new HashSet<>(after)).hasSize(after.size()).doesNotContainAnyElementsOf(before);
  }

  @Test
  void reopen_changeCountersKeepIncreasing() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    ObjectId d = mkdir(root, "d").id();
    long fBefore = volume.getAttributes(f).change();
    long dBefore = volume.getAttributes(d).change();

    reopen();
    assertThat(volume.getAttributes(f).change()).isEqualTo(fBefore);
    write(f, 1, new byte[] {2});
    createFile(d, "x");

    assertThat(volume.getAttributes(f).change()).isGreaterThan(fBefore);
    assertThat(volume.getAttributes(d).change()).isGreaterThan(dBefore);
    long fMid = volume.getAttributes(f).change();
    reopen();
    volume.setAttributes(f, SetAttributes.builder().mode(0600).build());
    assertThat(volume.getAttributes(f).change()).isGreaterThan(fMid);
  }

  @Test
  void reopen_cursorTakenBeforeResumesAfter() {
    for (int i = 0; i < 20; i++) {
      createFile(root, String.format("e%02d", i));
    }
    DirPage first = volume.readdir(root, DirCursor.START, 8, false);
    byte[] stored = first.next().toBytes();
    byte[] anchor = volume.cursorAfter("e14").toBytes();

    reopen();
    volume.remove(root, "e08", RemoveKind.ANY);
    createFile(root, "e07x");
    createFile(root, "e08x");

    List<String> rest = new ArrayList<>();
    DirCursor cursor = DirCursor.fromBytes(stored);
    for (boolean end = false; !end; ) {
      DirPage page = volume.readdir(root, cursor, 5, false);
      page.entries().forEach(e -> rest.add(e.name()));
      cursor = page.next();
      end = page.end();
    }
    // The first page ended at e07: e07x sorts after it, e08 is gone.
    List<String> expected = new ArrayList<>(List.of("e07x", "e08x"));
    for (int i = 9; i < 20; i++) {
      expected.add(String.format("e%02d", i));
    }
    assertThat(rest).containsExactlyElementsOf(expected);
    assertThat(volume.readdir(root, DirCursor.fromBytes(anchor), 100, false).entries())
        .extracting(DirEntry::name)
        .containsExactly("e15", "e16", "e17", "e18", "e19");
  }

  @Test
  void reopen_discardsUnlinkedObjectsAndRemovedFilesHeldOpen() {
    assumeCapability(Capability.UNLINKED_OBJECTS);
    ObjectId unlinked = volume.createUnlinked(0644, OWNER).id();
    FileHandle u = volume.open(unlinked, OpenMode.WRITE);
    u.write(0, ByteBuffer.wrap(new byte[4096]));
    ObjectId removed = createFile(root, "removed", new byte[4096]).id();
    FileHandle r = volume.open(removed, OpenMode.READ);
    volume.remove(root, "removed", RemoveKind.ANY);
    long objects = volume.statfs().objects();

    reopen();

    assertKind(ErrorKind.STALE, () -> volume.getAttributes(unlinked));
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(removed));
    assertThat(volume.statfs().objects()).isLessThanOrEqualTo(objects);
    assertThat(names(root)).isEmpty();
  }

  @Test
  void reopen_afterDeletedVolume_keepsItDeleted() {
    dfs.createVolume("temp", 0755, OWNER);
    dfs.volume("temp").mkdir(dfs.volume("temp").root(), "x", 0755, OWNER);
    dfs.deleteVolume("temp", true);

    reopen();

    assertKind(ErrorKind.NOT_FOUND, () -> dfs.volume("temp"));
    assertThat(dfs.listVolumes()).extracting(VolumeInfo::name).containsExactly(VOLUME);
  }
}

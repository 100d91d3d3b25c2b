package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link dev.estuary.dfs.Dfs} volume management: create, list, open, delete, names, staleness. */
public abstract class VolumeContract extends DfsContractSupport {

  @Test
  void createVolume_newName_returnsInfoWithRootOfGivenModeAndOwner() {
    VolumeInfo info = dfs.createVolume("photos", 0750, new Ownership(7, 8));

    assertThat(info.name()).isEqualTo("photos");
    assertThat(info.created()).isEqualTo(clock.instant());
    Volume v = dfs.volume("photos");
    assertThat(v.name()).isEqualTo("photos");
    assertThat(v.root()).isEqualTo(info.root());
    Attributes rootAttrs = v.getAttributes(v.root());
    assertThat(rootAttrs.isDirectory()).isTrue();
    assertThat(rootAttrs.mode()).isEqualTo(0750);
    assertThat(rootAttrs.uid()).isEqualTo(7);
    assertThat(rootAttrs.gid()).isEqualTo(8);
    assertThat(rootAttrs.size()).isZero();
    assertThat(v.location(v.root())).isEmpty();
  }

  @Test
  void createVolume_existingName_failsExists() {
    assertKind(ErrorKind.EXISTS, () -> dfs.createVolume(VOLUME, 0755, OWNER));
  }

  @Test
  void createVolume_modeOutsidePermissionBits_failsInvalidArgument() {
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> dfs.createVolume("badmode", 010755, OWNER));
    assertThat(dfs.listVolumes()).extracting(VolumeInfo::name).containsExactly(VOLUME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab", "Upper", "-abc", "abc-", ".abc", "abc.", "a..b", "a_b", "a b", "caf\u00e9",
        "192.168.1.1", "0000000000111111111122222222223333333333444444444455555555556666",
        "a/b", ""
      })
  void createVolume_badName_failsInvalidArgumentAndCreatesNothing(String name) {
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> dfs.createVolume(name, 0755, OWNER));

    assertThat(dfs.listVolumes()).extracting(VolumeInfo::name).containsExactly(VOLUME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc", "a-b.c", "1.2.3", "192.168.1.1.5", "9lives",
        "000000000011111111112222222222333333333344444444445555555555666"
      })
  void createVolume_nameWithinBucketRules_succeeds(String name) {
    assertThat(Limits.checkVolumeName(name)).isEqualTo(name);

    assertThat(dfs.createVolume(name, 0755, OWNER).name()).isEqualTo(name);
    assertThat(dfs.volume(name).name()).isEqualTo(name);
  }

  @Test
  void listVolumes_several_sortedByName() {
    for (String name : List.of("zeta", "alpha", "mid-1", "mid.0", "beta9")) {
      dfs.createVolume(name, 0755, OWNER);
    }

    assertThat(dfs.listVolumes())
        .extracting(VolumeInfo::name)
        .containsExactly("alpha", "beta9", VOLUME, "mid-1", "mid.0", "zeta");
  }

  @Test
  void volume_unknownName_failsNotFound() {
    assertKind(ErrorKind.NOT_FOUND, () -> dfs.volume("nosuch"));
  }

  @Test
  void volumes_sameEntryName_areIndependentNamespaces() {
    dfs.createVolume("other", 0755, OWNER);
    Volume other = dfs.volume("other");
    Attributes here = createFile(root, "same");
    Attributes there = other.create(other.root(), "same", 0600, OWNER, true);

    assertThat(there.id()).isNotEqualTo(here.id());
    other.remove(other.root(), "same", RemoveKind.ANY);
    assertThat(volume.lookup(root, "same").id()).isEqualTo(here.id());
    assertKind(ErrorKind.NOT_FOUND, () -> other.lookup(other.root(), "same"));
  }

  @Test
  void deleteVolume_empty_removesItFromListAndOpen() {
    dfs.createVolume("gone", 0755, OWNER);

    dfs.deleteVolume("gone", false);

    assertThat(dfs.listVolumes()).extracting(VolumeInfo::name).containsExactly(VOLUME);
    assertKind(ErrorKind.NOT_FOUND, () -> dfs.volume("gone"));
  }

  @Test
  void deleteVolume_nonEmptyNotRecursive_failsNotEmptyAndKeepsContent() {
    createFile(root, "keep", new byte[] {1, 2, 3});

    assertKind(ErrorKind.NOT_EMPTY, () -> dfs.deleteVolume(VOLUME, false));

    assertThat(readAll(volume.lookup(root, "keep").id())).containsExactly(1, 2, 3);
  }

  @Test
  void deleteVolume_nonEmptyRecursive_deletesTreeAndHandlesBecomeStale() {
    Attributes dir = mkdir(root, "d");
    Attributes file = createFile(dir.id(), "f", new byte[] {9});
    volume.symlink(dir.id(), "l", "f", OWNER);
    FileHandle open = volume.open(file.id(), OpenMode.READ_WRITE);

    dfs.deleteVolume(VOLUME, true);

    assertKind(ErrorKind.NOT_FOUND, () -> dfs.volume(VOLUME));
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(root));
    assertKind(ErrorKind.STALE, () -> volume.lookup(root, "d"));
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(file.id()));
    assertKind(ErrorKind.STALE, () -> createFile(root, "new"));
    assertKind(ErrorKind.STALE, () -> open.read(0, ByteBuffer.allocate(1)));
    open.close();
  }

  @Test
  void deleteVolume_thenRecreate_isEmptyWithFreshIds() {
    ObjectId oldRoot = root;
    ObjectId oldFile = createFile(root, "f").id();
    dfs.deleteVolume(VOLUME, true);

    VolumeInfo again = dfs.createVolume(VOLUME, 0700, OWNER);

    Volume v = dfs.volume(VOLUME);
    assertThat(listNames(v)).isEmpty();
    assertThat(v.getAttributes(v.root()).mode()).isEqualTo(0700);
    assertKind(ErrorKind.STALE, () -> v.getAttributes(oldFile));
    if (!again.root().equals(oldRoot)) {
      assertKind(ErrorKind.STALE, () -> v.getAttributes(oldRoot));
    }
  }

  @Test
  void deleteVolume_unknownName_failsNotFound() {
    assertKind(ErrorKind.NOT_FOUND, () -> dfs.deleteVolume("nosuch", true));
  }

  @Test
  void statfs_afterCreatingObjects_countsThemAndReportsNameLimit() {
    long before = volume.statfs().objects();
    createFile(root, "a");
    mkdir(root, "b");
    volume.symlink(root, "c", "a", OWNER);

    FsStats stats = volume.statfs();

    assertThat(stats.objects()).isEqualTo(before + 3);
    assertThat(stats.maxNameBytes()).isEqualTo(Limits.MAX_NAME_BYTES);
    assertThat(stats.totalBytes()).isPositive();
    assertThat(stats.freeBytes()).isBetween(0L, stats.totalBytes());
    assertThat(stats.availableBytes()).isBetween(0L, stats.freeBytes());
  }

  @Test
  void close_twice_isIdempotentAndLaterCallsFailClosed() {
    Attributes f = createFile(root, "f", new byte[] {1});
    FileHandle h = volume.open(f.id(), OpenMode.READ);

    dfs.close();
    dfs.close();

    assertKind(ErrorKind.CLOSED, () -> dfs.listVolumes());
    assertKind(ErrorKind.CLOSED, () -> dfs.volume(VOLUME));
    assertKind(ErrorKind.CLOSED, () -> volume.lookup(root, "f"));
    assertKind(ErrorKind.CLOSED, () -> h.read(0, ByteBuffer.allocate(1)));
    h.close();
  }

  private static List<String> listNames(Volume v) {
    return v.readdir(v.root(), DirCursor.START, 1000, false).entries().stream()
        .map(DirEntry::name)
        .toList();
  }
}

package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookup, create, mkdir, symlink/readlink and remove, with their error kinds. */
public abstract class NamespaceContract extends DfsContractSupport {

  @Test
  void lookup_missingName_failsNotFound() {
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookup(root, "missing"));
  }

  @Test
  void lookup_parentIsFile_failsNotDirectory() {
    Attributes f = createFile(root, "f");

    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.lookup(f.id(), "x"));
  }

  @Test
  void lookup_unknownId_failsStale() {
    ObjectId never = new ObjectId(0x7eadbeefL, 0x12345678L);

    assertKind(ErrorKind.STALE, () -> volume.lookup(never, "x"));
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(never));
  }

  @Test
  void create_newName_returnsEmptyFileOfGivenModeAndOwner() {
    Attributes f = volume.create(root, "f", 04751, OWNER, true);

    assertThat(f.type()).isEqualTo(ObjectType.FILE);
    assertThat(f.mode()).isEqualTo(04751);
    assertThat(f.uid()).isEqualTo(OWNER.uid());
    assertThat(f.gid()).isEqualTo(OWNER.gid());
    assertThat(f.size()).isZero();
    assertThat(volume.lookup(root, "f")).isEqualTo(f);
    assertThat(volume.getAttributes(f.id())).isEqualTo(f);
    assertThat(volume.location(f.id())).contains(new Location(root, "f"));
  }

  @Test
  void create_exclusiveOverExistingEntries_failsExists() {
    createFile(root, "file");
    mkdir(root, "dir");
    volume.symlink(root, "link", "file", OWNER);

    for (String name : List.of("file", "dir", "link")) {
      assertKind(ErrorKind.EXISTS, () -> volume.create(root, name, 0644, OWNER, true));
    }
  }

  @Test
  void create_nonExclusiveOverExistingFile_returnsItUnchanged() {
    Attributes existing = createFile(root, "f", new byte[] {1, 2, 3});
    tick();

    Attributes again = volume.create(root, "f", 0600, new Ownership(4242, 4343), false);

    assertThat(again).isEqualTo(existing);
    assertThat(readAll(existing.id())).containsExactly(1, 2, 3);
  }

  @Test
  void create_nonExclusiveOverDirectory_failsIsDirectory() {
    mkdir(root, "dir");

    assertKind(ErrorKind.IS_DIRECTORY, () -> volume.create(root, "dir", 0644, OWNER, false));
  }

  @Test
  void create_nonExclusiveOverSymlink_failsExists() {
    createFile(root, "target");
    volume.symlink(root, "link", "target", OWNER);

    assertKind(ErrorKind.EXISTS, () -> volume.create(root, "link", 0644, OWNER, false));
  }

  @Test
  void create_modeOutsidePermissionBits_failsInvalidArgument() {
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.create(root, "f", 0100644, OWNER, true));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.mkdir(root, "d", 040755, OWNER));
    assertThat(names(root)).isEmpty();
  }

  @Test
  void create_inRemovedDirectory_failsStale() {
    Attributes dir = mkdir(root, "d");
    volume.remove(root, "d", RemoveKind.DIRECTORY);

    assertKind(ErrorKind.STALE, () -> createFile(dir.id(), "f"));
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(dir.id()));
  }

  @Test
  void create_parentIsFile_failsNotDirectory() {
    Attributes f = createFile(root, "f");

    assertKind(ErrorKind.NOT_DIRECTORY, () -> createFile(f.id(), "child"));
    assertKind(ErrorKind.NOT_DIRECTORY, () -> mkdir(f.id(), "child"));
    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.symlink(f.id(), "child", "x", OWNER));
  }

  @Test
  void mkdir_newName_returnsEmptyDirectoryAndCountsEntries() {
    Attributes d = volume.mkdir(root, "d", 01777, OWNER);

    assertThat(d.type()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(d.mode()).isEqualTo(01777);
    assertThat(d.size()).isZero();
    createFile(d.id(), "a");
    mkdir(d.id(), "b");
    volume.symlink(d.id(), "c", "a", OWNER);
    assertThat(volume.getAttributes(d.id()).size()).isEqualTo(3);
    assertThat(names(d.id())).containsExactly("a", "b", "c");
  }

  @Test
  void mkdir_existingName_failsExists() {
    createFile(root, "f");
    mkdir(root, "d");

    assertKind(ErrorKind.EXISTS, () -> mkdir(root, "f"));
    assertKind(ErrorKind.EXISTS, () -> mkdir(root, "d"));
  }

  @Test
  void symlink_anyTarget_isStoredAsGivenWithMode0777() {
    String target = "../not/../resolved//at all/\u00e9\ud83d\ude00";

    Attributes l = volume.symlink(root, "l", target, OWNER);

    assertThat(l.type()).isEqualTo(ObjectType.SYMLINK);
    assertThat(l.mode()).isEqualTo(0777);
    assertThat(l.size()).isEqualTo(utf8Length(target));
    assertThat(volume.readlink(l.id())).isEqualTo(target);
    assertThat(volume.lookup(root, "l").id()).isEqualTo(l.id());
  }

  @Test
  void symlink_targetAtPathLimit_succeedsAndOneByteMoreFailsNameTooLong() {
    String max = "t/".repeat(Limits.MAX_PATH_BYTES / 2 - 1) + "\u00e9";
    assertThat(utf8Length(max)).isEqualTo(Limits.MAX_PATH_BYTES);

    assertThat(volume.readlink(volume.symlink(root, "max", max, OWNER).id())).isEqualTo(max);
    assertKind(ErrorKind.NAME_TOO_LONG, () -> volume.symlink(root, "over", max + "x", OWNER));
  }

  @Test
  void symlink_emptyOrNulTarget_failsInvalidArgument() {
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.symlink(root, "a", "", OWNER));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.symlink(root, "b", "x\0y", OWNER));
    assertThat(names(root)).isEmpty();
  }

  @Test
  void symlink_existingName_failsExists() {
    createFile(root, "f");

    assertKind(ErrorKind.EXISTS, () -> volume.symlink(root, "f", "x", OWNER));
  }

  @Test
  void readlink_notASymlink_failsNotSymlink() {
    Attributes f = createFile(root, "f");
    Attributes d = mkdir(root, "d");

    assertKind(ErrorKind.NOT_SYMLINK, () -> volume.readlink(f.id()));
    assertKind(ErrorKind.NOT_SYMLINK, () -> volume.readlink(d.id()));
  }

  @Test
  void remove_anyKind_removesFileSymlinkAndEmptyDirectory() {
    ObjectId f = createFile(root, "f").id();
    ObjectId l = volume.symlink(root, "l", "f", OWNER).id();
    ObjectId d = mkdir(root, "d").id();

    assertThat(volume.remove(root, "f", RemoveKind.ANY)).isEqualTo(f);
    assertThat(volume.remove(root, "l", RemoveKind.ANY)).isEqualTo(l);
    assertThat(volume.remove(root, "d", RemoveKind.ANY)).isEqualTo(d);

    assertThat(names(root)).isEmpty();
    assertThat(volume.getAttributes(root).size()).isZero();
    for (ObjectId gone : List.of(f, l, d)) {
      assertKind(ErrorKind.STALE, () -> volume.getAttributes(gone));
    }
  }

  @Test
  void remove_nonEmptyDirectory_failsNotEmptyForAnyAndDirectory() {
    Attributes d = mkdir(root, "d");
    createFile(d.id(), "inside");

    assertKind(ErrorKind.NOT_EMPTY, () -> volume.remove(root, "d", RemoveKind.ANY));
    assertKind(ErrorKind.NOT_EMPTY, () -> volume.remove(root, "d", RemoveKind.DIRECTORY));
    assertThat(volume.lookup(d.id(), "inside").isFile()).isTrue();
  }

  @Test
  void remove_notDirectoryKindOnDirectory_failsIsDirectory() {
    mkdir(root, "d");

    assertKind(ErrorKind.IS_DIRECTORY, () -> volume.remove(root, "d", RemoveKind.NOT_DIRECTORY));
    assertThat(volume.lookup(root, "d").isDirectory()).isTrue();
  }

  @Test
  void remove_notDirectoryKind_removesFileAndSymlink() {
    ObjectId f = createFile(root, "f").id();
    ObjectId l = volume.symlink(root, "l", "nowhere", OWNER).id();

    assertThat(volume.remove(root, "f", RemoveKind.NOT_DIRECTORY)).isEqualTo(f);
    assertThat(volume.remove(root, "l", RemoveKind.NOT_DIRECTORY)).isEqualTo(l);
    assertThat(names(root)).isEmpty();
  }

  @Test
  void remove_directoryKindOnFileOrSymlink_failsNotDirectory() {
    createFile(root, "f");
    volume.symlink(root, "l", "f", OWNER);

    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.remove(root, "f", RemoveKind.DIRECTORY));
    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.remove(root, "l", RemoveKind.DIRECTORY));
    assertThat(names(root)).containsExactly("f", "l");
  }

  @Test
  void remove_missingName_failsNotFoundForEveryKind() {
    for (RemoveKind kind : RemoveKind.values()) {
      assertKind(ErrorKind.NOT_FOUND, () -> volume.remove(root, "missing", kind));
    }
  }

  @Test
  void remove_symlink_leavesItsTargetAlone() {
    Attributes f = createFile(root, "f", new byte[] {5});
    volume.symlink(root, "l", "f", OWNER);

    volume.remove(root, "l", RemoveKind.ANY);

    assertThat(volume.lookup(root, "f").id()).isEqualTo(f.id());
    assertThat(readAll(f.id())).containsExactly(5);
  }

  @Test
  void remove_thenCreateSameName_givesNewId() {
    ObjectId first = createFile(root, "f").id();
    volume.remove(root, "f", RemoveKind.ANY);

    ObjectId second = createFile(root, "f").id();

    assertThat(second).isNotEqualTo(first);
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(first));
  }
}

package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.SetAttributes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.estuary.dfs.Volume#getAttributes} and {@link dev.estuary.dfs.Volume#setAttributes}:
 * what each change does to mode, owner, size and the four times, all taken from the injected
 * clock.
 */
public abstract class AttributeContract extends DfsContractSupport {

  private static final Instant SET_A = Instant.parse("2001-02-03T04:05:06.007Z");
  private static final Instant SET_M = Instant.parse("2002-03-04T05:06:07.008Z");
  private static final Instant SET_B = Instant.parse("1999-12-31T23:59:59.999Z");

  @Test
  void create_everyType_takesAllTimesFromTheInjectedClock() {
    Instant t = tick();

    for (Attributes a :
        new Attributes[] {
          createFile(root, "f"), mkdir(root, "d"), volume.symlink(root, "l", "f", OWNER)
        }) {
      assertThat(a.birthTime()).as("birthTime of %s", a.type()).isEqualTo(t);
      assertThat(a.modifyTime()).as("modifyTime of %s", a.type()).isEqualTo(t);
      assertThat(a.changeTime()).as("changeTime of %s", a.type()).isEqualTo(t);
    }
  }

  @Test
  void getAttributes_isASnapshotThatLaterChangesDoNotAlter() {
    Attributes before = createFile(root, "f");
    tick();

    write(before.id(), 0, new byte[10]);

    assertThat(before.size()).isZero();
    assertThat(volume.getAttributes(before.id()).size()).isEqualTo(10);
  }

  @Test
  void setAttributes_modeAndOwner_changeThemAndCtimeButNotMtime() {
    Attributes f = createFile(root, "f", new byte[] {1});
    Instant created = f.modifyTime();
    Instant t = tick();

    Attributes after =
        volume.setAttributes(f.id(), SetAttributes.builder().mode(02700).uid(0).gid(-2).build());

    assertThat(after.mode()).isEqualTo(02700);
    assertThat(after.uid()).isZero();
    assertThat(after.gid()).isEqualTo(-2);
    assertThat(after.changeTime()).isEqualTo(t);
    assertThat(after.modifyTime()).isEqualTo(created);
    assertThat(after.size()).isEqualTo(1);
    assertThat(volume.getAttributes(f.id())).isEqualTo(after);
  }

  @Test
  void setAttributes_onDirectoryAndSymlink_changesModeAndOwner() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId l = volume.symlink(root, "l", "d", OWNER).id();

    Attributes dir = volume.setAttributes(d, SetAttributes.builder().mode(0700).uid(5).build());
    Attributes link = volume.setAttributes(l, SetAttributes.builder().gid(6).build());

    assertThat(dir.mode()).isEqualTo(0700);
    assertThat(dir.uid()).isEqualTo(5);
    assertThat(link.gid()).isEqualTo(6);
    assertThat(volume.readlink(l)).isEqualTo("d");
  }

  @Test
  void setAttributes_explicitTimes_areStoredExactly() {
    Attributes f = createFile(root, "f");
    Instant t = tick();

    Attributes after =
        volume.setAttributes(
            f.id(),
            SetAttributes.builder().accessTime(SET_A).modifyTime(SET_M).birthTime(SET_B).build());

    assertThat(after.accessTime()).isEqualTo(SET_A);
    assertThat(after.modifyTime()).isEqualTo(SET_M);
    assertThat(after.birthTime()).isEqualTo(SET_B);
    assertThat(after.changeTime()).isEqualTo(t);
    assertThat(volume.getAttributes(f.id())).isEqualTo(after);
  }

  @Test
  void setAttributes_smallerSize_truncatesAndMovesMtime() {
    Attributes f = createFile(root, "f", randomBytes(100, 1));
    Instant t = tick();

    Attributes after = volume.setAttributes(f.id(), SetAttributes.builder().size(10).build());

    assertThat(after.size()).isEqualTo(10);
    assertThat(after.modifyTime()).isEqualTo(t);
    assertThat(after.changeTime()).isEqualTo(t);
    assertThat(readAll(f.id())).isEqualTo(Arrays.copyOf(randomBytes(100, 1), 10));
  }

  @Test
  void setAttributes_largerSize_extendsWithZeros() {
    Attributes f = createFile(root, "f", new byte[] {7, 7});

    Attributes after = volume.setAttributes(f.id(), SetAttributes.builder().size(5000).build());

    assertThat(after.size()).isEqualTo(5000);
    byte[] expected = new byte[5000];
    expected[0] = 7;
    expected[1] = 7;
    assertThat(readAll(f.id())).isEqualTo(expected);
  }

  @Test
  void setAttributes_sizeWithExplicitMtime_keepsTheGivenMtime() {
    Attributes f = createFile(root, "f", new byte[8]);
    tick();

    Attributes after =
        volume.setAttributes(f.id(), SetAttributes.builder().size(4).modifyTime(SET_M).build());

    assertThat(after.size()).isEqualTo(4);
    assertThat(after.modifyTime()).isEqualTo(SET_M);
  }

  @Test
  void setAttributes_sizeOnDirectory_failsIsDirectory() {
    ObjectId d = mkdir(root, "d").id();

    assertKind(
        ErrorKind.IS_DIRECTORY,
        () -> volume.setAttributes(d, SetAttributes.builder().size(0).build()));
  }

  @Test
  void setAttributes_sizeOnSymlink_failsInvalidArgument() {
    ObjectId l = volume.symlink(root, "l", "target", OWNER).id();

    assertKind(
        ErrorKind.INVALID_ARGUMENT,
        () -> volume.setAttributes(l, SetAttributes.builder().size(0).build()));
    assertThat(volume.readlink(l)).isEqualTo("target");
  }

  @Test
  void setAttributes_removedObject_failsStale() {
    ObjectId f = createFile(root, "f").id();
    volume.remove(root, "f", RemoveKind.ANY);

    assertKind(
        ErrorKind.STALE, () -> volume.setAttributes(f, SetAttributes.builder().mode(0).build()));
  }

  @Test
  void setAttributes_badModeOrSize_failsInvalidArgument() {
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> SetAttributes.builder().mode(010000).build());
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> SetAttributes.builder().size(-1).build());
  }

  @Test
  void write_movesMtimeAndCtimeButNotBirthTime() {
    Attributes f = createFile(root, "f");
    Instant t = tick();

    write(f.id(), 0, new byte[] {1, 2, 3});

    Attributes after = volume.getAttributes(f.id());
    assertThat(after.modifyTime()).isEqualTo(t);
    assertThat(after.changeTime()).isEqualTo(t);
    assertThat(after.birthTime()).isEqualTo(f.birthTime());
    assertThat(after.size()).isEqualTo(3);
  }

  @Test
  void write_throughHandle_isVisibleInHandleAttributesAndSize() {
    Attributes f = createFile(root, "f");
    try (FileHandle a = volume.open(f.id(), OpenMode.WRITE);
        FileHandle b = volume.open(f.id(), OpenMode.READ)) {
      Instant t = tick();
      a.write(99, ByteBuffer.wrap(new byte[] {1}));

      assertThat(b.size()).isEqualTo(100);
      assertThat(b.attributes().size()).isEqualTo(100);
      assertThat(b.attributes().modifyTime()).isEqualTo(t);
      assertThat(b.attributes().id()).isEqualTo(f.id());
      assertThat(b.id()).isEqualTo(f.id());
      assertThat(a.mode()).isEqualTo(OpenMode.WRITE);
    }
  }

  @Test
  void entryAddAndRemove_moveTheDirectoryMtimeCtimeAndSize() {
    ObjectId d = mkdir(root, "d").id();
    Instant t1 = tick();

    createFile(d, "a");

    Attributes afterAdd = volume.getAttributes(d);
    assertThat(afterAdd.modifyTime()).isEqualTo(t1);
    assertThat(afterAdd.changeTime()).isEqualTo(t1);
    assertThat(afterAdd.size()).isEqualTo(1);
    Instant t2 = tick();

    volume.remove(d, "a", RemoveKind.ANY);

    Attributes afterRemove = volume.getAttributes(d);
    assertThat(afterRemove.modifyTime()).isEqualTo(t2);
    assertThat(afterRemove.changeTime()).isEqualTo(t2);
    assertThat(afterRemove.size()).isZero();
  }

  @Test
  void allocatedBytes_ofWrittenFile_coversItsDataAndOfEmptyFileIsZero() {
    Attributes empty = createFile(root, "empty");
    Attributes full = createFile(root, "full", randomBytes(64 * 1024, 3));

    assertThat(empty.allocatedBytes()).isZero();
    assertThat(full.allocatedBytes()).isGreaterThanOrEqualTo(64 * 1024);
  }
}

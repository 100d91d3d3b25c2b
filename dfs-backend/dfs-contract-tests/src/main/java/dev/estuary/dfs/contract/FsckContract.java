package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.estuary.dfs.DfsProvider#fsck} for implementations that can check themselves: a
 * backend used through every kind of operation and closed cleanly is consistent, and a backend
 * still open is refused with {@link ErrorKind#BUSY}.
 */
public abstract class FsckContract extends DfsContractSupport {

  @Test
  void fsck_afterEveryKindOfOperationAndCleanClose_findsNothing() {
    ObjectId d = volume.mkdirs("a/b/c", 0755, OWNER).id();
    ObjectId big = createFile(d, "big", randomBytes((1 << 20) + 5, 1)).id();
    createFile(d, "small", new byte[] {1});
    volume.symlink(root, "l", "a/b/c/big", OWNER);
    volume.rename(d, "small", root, "moved", RenameMode.REPLACE);
    createFile(root, "victim", randomBytes(200_000, 2));
    volume.rename(root, "moved", root, "victim", RenameMode.REPLACE);
    FileHandle held = volume.open(big, OpenMode.READ);
    volume.remove(d, "big", RemoveKind.ANY);
    if (dfs.capabilities().contains(Capability.XATTRS)) {
      volume.setXattr(root, "user.k", new byte[] {1}, XattrMode.UPSERT);
    }
    if (dfs.capabilities().contains(Capability.UNLINKED_OBJECTS)) {
      ObjectId linked = volume.createUnlinked(0644, OWNER).id();
      ObjectId dropped = volume.createUnlinked(0644, OWNER).id();
      try (FileHandle a = volume.open(linked, OpenMode.WRITE);
          FileHandle b = volume.open(dropped, OpenMode.WRITE)) {
        a.write(0, ByteBuffer.wrap(randomBytes(300_000, 3)));
        b.write(0, ByteBuffer.wrap(randomBytes(300_000, 4)));
        volume.link(linked, root, "published", RenameMode.NO_REPLACE);
      }
    }
    // Directories moving between parents (subdirectory counts), names differing only in case
    // (the case-insensitive index), an exchange and a replacing link (positions given and dropped).
    ObjectId x = mkdir(root, "X").id();
    mkdir(root, "x");
    volume.rename(root, "a", x, "A", RenameMode.NO_REPLACE);
    volume.rename(x, "A", x, "a", RenameMode.NO_REPLACE);
    if (dfs.capabilities().contains(Capability.RENAME_EXCHANGE)) {
      volume.rename(root, "x", root, "victim", RenameMode.EXCHANGE);
    }
    if (dfs.capabilities().contains(Capability.UNLINKED_OBJECTS)) {
      ObjectId again = volume.createUnlinked(0644, OWNER).id();
      try (FileHandle h = volume.open(again, OpenMode.WRITE)) {
        volume.link(again, root, "published", RenameMode.REPLACE);
      }
    }
    dfs.createVolume("second", 0755, OWNER);
    dfs.deleteVolume("second", true);
    held.close();
    dfs.close();

    FsckReport report = provider().fsck(context(), false, line -> {});

    assertThat(report.problems()).isEmpty();
    assertThat(report.clean()).isTrue();
    assertThat(report.repaired()).isZero();
    assertThat(report.objectsChecked()).isGreaterThanOrEqualTo(6);
  }

  @Test
  void fsck_withRepairOnAConsistentBackend_repairsNothingAndKeepsTheData() {
    ObjectId f = createFile(root, "f", randomBytes(100_000, 5)).id();
    dfs.close();

    FsckReport report = provider().fsck(context(), true, line -> {});

    assertThat(report.problems()).isEmpty();
    assertThat(report.repaired()).isZero();
    reopen();
    assertThat(readAll(f)).isEqualTo(randomBytes(100_000, 5));
  }

  @Test
  void fsck_whileTheBackendIsOpen_failsBusy() {
    createFile(root, "f");

    assertKind(ErrorKind.BUSY, () -> provider().fsck(context(), false, line -> {}));
    assertThat(names(root)).containsExactly("f");
  }
}

package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RenameMode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.estuary.dfs.Volume#createUnlinked} and {@link dev.estuary.dfs.Volume#link}: an object
 * is written without a name, then published atomically ({@link Capability#UNLINKED_OBJECTS}).
 */
public abstract class UnlinkedObjectContract extends DfsContractSupport {

  // Tests hold a handle (often unnamed, "_") while an unlinked object must stay alive: the
  // object is discarded when its last handle closes.

  @BeforeEach
  void requireUnlinkedObjects() {
    assumeCapability(Capability.UNLINKED_OBJECTS);
  }

  @Test
  void createUnlinked_isAFileWithNoNameAndNoEntry() {
    Attributes u = volume.createUnlinked(0640, OWNER);

    assertThat(u.type()).isEqualTo(ObjectType.FILE);
    assertThat(u.mode()).isEqualTo(0640);
    assertThat(u.uid()).isEqualTo(OWNER.uid());
    assertThat(u.size()).isZero();
    assertThat(u.birthTime()).isEqualTo(clock.instant());
    assertThat(volume.location(u.id())).isEmpty();
    assertThat(volume.getAttributes(u.id()).id()).isEqualTo(u.id());
    assertThat(names(root)).isEmpty();
  }

  @Test
  void link_noReplace_publishesTheWrittenContentUnderTheName() {
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle h = volume.open(id, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(randomBytes(5000, 11)));
      h.sync();
      assertThat(names(root)).isEmpty();

      Attributes linked = volume.link(id, root, "published", RenameMode.NO_REPLACE);

      assertThat(linked.id()).isEqualTo(id);
      assertThat(linked.size()).isEqualTo(5000);
      assertThat(volume.lookup(root, "published").id()).isEqualTo(id);
      assertThat(volume.location(id)).contains(new Location(root, "published"));
      assertThat(names(root)).containsExactly("published");
    }
    assertThat(readAll(id)).isEqualTo(randomBytes(5000, 11));
  }

  @Test
  void link_replace_replacesAnExistingFileAtomically() {
    ObjectId old = createFile(root, "obj", new byte[] {1}).id();
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle oldHandle = volume.open(old, OpenMode.READ);
        FileHandle h = volume.open(id, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {2, 2}));

      volume.link(id, root, "obj", RenameMode.REPLACE);

      assertThat(volume.lookup(root, "obj").id()).isEqualTo(id);
      assertThat(readAll(oldHandle)).containsExactly(1);
    }
    assertThat(readAll(id)).containsExactly(2, 2);
    assertThat(names(root)).containsExactly("obj");
  }

  @Test
  void link_noReplaceOverExisting_failsExistsAndLeavesTheObjectLinkable() {
    ObjectId existing = createFile(root, "taken").id();
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {3}));

      assertKind(
          ErrorKind.EXISTS, () -> volume.link(id, root, "taken", RenameMode.NO_REPLACE));

      assertThat(volume.lookup(root, "taken").id()).isEqualTo(existing);
      assertThat(volume.location(id)).isEmpty();
      volume.link(id, root, "free", RenameMode.NO_REPLACE);
    }
    assertThat(readAll(volume.lookup(root, "free").id())).containsExactly(3);
  }

  @Test
  void link_replaceOverDirectory_failsIsDirectory() {
    mkdir(root, "dir");
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle _ = volume.open(id, OpenMode.WRITE)) {
      assertKind(ErrorKind.IS_DIRECTORY, () -> volume.link(id, root, "dir", RenameMode.REPLACE));
    }
  }

  @Test
  void link_exchange_failsInvalidArgument() {
    createFile(root, "x");
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle _ = volume.open(id, OpenMode.WRITE)) {
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.link(id, root, "x", RenameMode.EXCHANGE));
      assertKind(
          ErrorKind.INVALID_ARGUMENT, () -> volume.link(id, root, "new", RenameMode.EXCHANGE));
      assertThat(volume.location(id)).isEmpty();
      assertThat(names(root)).containsExactly("x");
    }
  }

  @Test
  void link_alreadyLinkedObject_failsInvalidArgument() {
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle _ = volume.open(id, OpenMode.WRITE)) {
      volume.link(id, root, "first", RenameMode.NO_REPLACE);

      assertKind(
          ErrorKind.INVALID_ARGUMENT,
          () -> volume.link(id, root, "second", RenameMode.NO_REPLACE));
    }
    assertThat(names(root)).containsExactly("first");
  }

  @Test
  void link_objectCreatedWithAName_failsInvalidArgument() {
    ObjectId named = createFile(root, "named").id();
    ObjectId dir = mkdir(root, "dir").id();

    assertKind(
        ErrorKind.INVALID_ARGUMENT, () -> volume.link(named, root, "alias", RenameMode.NO_REPLACE));
    assertKind(
        ErrorKind.INVALID_ARGUMENT, () -> volume.link(dir, root, "alias", RenameMode.NO_REPLACE));
    assertThat(names(root)).containsExactly("dir", "named");
  }

  @Test
  void link_intoAFileOrWithABadName_failsAndLeavesItUnlinked() {
    ObjectId file = createFile(root, "file").id();
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle _ = volume.open(id, OpenMode.WRITE)) {
      assertKind(
          ErrorKind.NOT_DIRECTORY, () -> volume.link(id, file, "x", RenameMode.NO_REPLACE));
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.link(id, root, "a/b", RenameMode.REPLACE));
      assertKind(
          ErrorKind.NAME_TOO_LONG,
          () -> volume.link(id, root, "n".repeat(256), RenameMode.REPLACE));
      assertThat(volume.location(id)).isEmpty();
    }
  }

  @Test
  void unlinkedObject_lastHandleClosedWithoutLink_isDiscarded() {
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[100]));
    }

    assertKind(ErrorKind.STALE, () -> volume.getAttributes(id));
    assertKind(ErrorKind.STALE, () -> volume.open(id, OpenMode.READ));
    assertKind(ErrorKind.STALE, () -> volume.link(id, root, "late", RenameMode.NO_REPLACE));
    assertThat(names(root)).isEmpty();
  }

  @Test
  void unlinkedObject_isNotCountedInTheDirectorySizeUntilLinked() {
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle _ = volume.open(id, OpenMode.WRITE)) {
      assertThat(volume.getAttributes(root).size()).isZero();

      volume.link(id, root, "now", RenameMode.NO_REPLACE);

      assertThat(volume.getAttributes(root).size()).isEqualTo(1);
    }
  }

  /**
   * The cheap durable publish frontends use ({@code syncData}, {@code link}, {@code
   * syncNamespace}): the object appears whole with its metadata, for a small and a large object,
   * and survives a reopen. (Its crash behaviour is {@link CrashContract}'s.)
   */
  @Test
  void syncDataLinkSyncNamespace_publishesWholeObjectsThatSurviveAReopen() {
    int[] sizes = {0, 4096, (1 << 20) + 3};
    for (int i = 0; i < sizes.length; i++) {
      ObjectId id = volume.createUnlinked(0644, OWNER).id();
      try (FileHandle h = volume.open(id, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(randomBytes(sizes[i], 40 + i)));
        if (dfs.capabilities().contains(Capability.XATTRS)) {
          volume.setXattr(id, "user.etag", new byte[] {(byte) i}, dev.estuary.dfs.XattrMode.UPSERT);
        }
        h.syncData();
        volume.link(id, root, "p" + i, RenameMode.NO_REPLACE);
        volume.syncNamespace();
        // Both steps may be repeated, and syncData does not need write access.
        h.syncData();
        volume.syncNamespace();
      }
      try (FileHandle r = volume.open(id, OpenMode.READ)) {
        r.syncData();
      }
    }
    reopen();
    for (int i = 0; i < sizes.length; i++) {
      Attributes a = volume.lookup(root, "p" + i);
      assertThat(a.size()).isEqualTo(sizes[i]);
      assertThat(readAll(a.id())).isEqualTo(randomBytes(sizes[i], 40 + i));
      if (dfs.capabilities().contains(Capability.XATTRS)) {
        assertThat(volume.getXattr(a.id(), "user.etag")).containsExactly((byte) i);
      }
    }
  }

  @Test
  void syncData_onAClosedHandle_failsClosed() {
    ObjectId id = volume.createUnlinked(0644, OWNER).id();
    FileHandle h = volume.open(id, OpenMode.READ_WRITE);
    h.close();
    assertKind(ErrorKind.CLOSED, h::syncData);
  }
}

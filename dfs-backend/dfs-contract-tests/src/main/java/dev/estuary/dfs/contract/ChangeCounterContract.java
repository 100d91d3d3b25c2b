package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link Attributes#change()}: it moves forward on every modification of the object (data,
 * entries, attributes, xattrs), never backwards, and independently of the clock.
 */
public abstract class ChangeCounterContract extends DfsContractSupport {

  @Test
  void write_eachOne_increasesTheFileCounter() {
    ObjectId f = createFile(root, "f").id();
    long last = counter(f);
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      for (int i = 0; i < 5; i++) {
        // The clock stands still: the counter must move even when the times cannot.
        h.write(i, ByteBuffer.wrap(new byte[] {(byte) i}));
        long now = counter(f);
        assertThat(now).as("change after write %d", i).isGreaterThan(last);
        assertThat(h.attributes().change()).isEqualTo(now);
        last = now;
      }
    }
  }

  @Test
  void truncateAndSetSize_increaseTheFileCounter() {
    ObjectId f = createFile(root, "f", new byte[100]).id();
    long c0 = counter(f);

    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.truncate(50);
    }
    long c1 = counter(f);
    volume.setAttributes(f, SetAttributes.builder().size(200).build());
    long c2 = counter(f);

    assertThat(c1).isGreaterThan(c0);
    assertThat(c2).isGreaterThan(c1);
  }

  @Test
  void setAttributes_eachComponent_increasesTheCounter() {
    ObjectId f = createFile(root, "f").id();
    SetAttributes[] changes = {
      SetAttributes.builder().mode(0600).build(),
      SetAttributes.builder().uid(1).build(),
      SetAttributes.builder().gid(2).build(),
      SetAttributes.builder().accessTime(Instant.EPOCH).build(),
      SetAttributes.builder().modifyTime(Instant.EPOCH).build(),
      SetAttributes.builder().birthTime(Instant.EPOCH).build(),
      SetAttributes.builder().size(3).build(),
      SetAttributes.builder().mode(0600).build() // the same value again still counts
    };
    long last = counter(f);
    for (SetAttributes change : changes) {
      long returned = volume.setAttributes(f, change).change();
      assertThat(returned).as("change after %s", change).isGreaterThan(last);
      assertThat(counter(f)).isEqualTo(returned);
      last = returned;
    }
  }

  @Test
  void xattrSetAndRemove_increaseTheCounterOfEveryType() {
    assumeCapability(Capability.XATTRS);
    ObjectId[] ids = {
      createFile(root, "f").id(), mkdir(root, "d").id(), volume.symlink(root, "l", "f", OWNER).id()
    };
    for (ObjectId id : ids) {
      long c0 = counter(id);
      volume.setXattr(id, "user.k", new byte[] {1}, XattrMode.UPSERT);
      long c1 = counter(id);
      volume.setXattr(id, "user.k", new byte[] {2}, XattrMode.REPLACE);
      long c2 = counter(id);
      volume.removeXattr(id, "user.k");
      long c3 = counter(id);

      assertThat(c1).isGreaterThan(c0);
      assertThat(c2).isGreaterThan(c1);
      assertThat(c3).isGreaterThan(c2);
    }
  }

  @Test
  void xattrSet_movesCtimeButNotMtime() {
    assumeCapability(Capability.XATTRS);
    Attributes f = createFile(root, "f");
    Instant t = tick();

    volume.setXattr(f.id(), "user.k", new byte[] {1}, XattrMode.CREATE);

    Attributes after = volume.getAttributes(f.id());
    assertThat(after.changeTime()).isEqualTo(t);
    assertThat(after.modifyTime()).isEqualTo(f.modifyTime());
    Instant t2 = tick();
    volume.removeXattr(f.id(), "user.k");
    assertThat(volume.getAttributes(f.id()).changeTime()).isEqualTo(t2);
  }

  @Test
  void entryChanges_increaseTheDirectoryCounter() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId other = mkdir(root, "other").id();
    Runnable[] ops = {
      () -> createFile(d, "f"),
      () -> mkdir(d, "sub"),
      () -> volume.symlink(d, "l", "f", OWNER),
      () -> volume.rename(d, "f", d, "g", RenameMode.NO_REPLACE),
      () -> volume.rename(d, "g", other, "g", RenameMode.NO_REPLACE),
      () -> volume.rename(other, "g", d, "back", RenameMode.NO_REPLACE),
      () -> volume.remove(d, "l", RemoveKind.ANY),
      () -> volume.remove(d, "sub", RemoveKind.DIRECTORY)
    };
    long last = counter(d);
    for (int i = 0; i < ops.length; i++) {
      ops[i].run();
      long now = counter(d);
      assertThat(now).as("directory change after op %d", i).isGreaterThan(last);
      last = now;
    }
  }

  @Test
  void rename_acrossDirectories_increasesBothParentCounters() {
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    createFile(a, "f");
    long ca = counter(a);
    long cb = counter(b);

    volume.rename(a, "f", b, "f", RenameMode.REPLACE);

    assertThat(counter(a)).isGreaterThan(ca);
    assertThat(counter(b)).isGreaterThan(cb);
  }

  // The counter is NFS's change attribute and the S3 ETag fallback: it must not move without a
  // modification of the object, or clients would drop caches and ETags would change on reads.
  @Test
  void unrelatedChanges_leaveTheCounterAlone() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    ObjectId g = createFile(root, "g").id();
    long before = counter(f);

    write(g, 0, new byte[] {2});
    volume.setAttributes(g, SetAttributes.builder().mode(0600).build());
    readAll(f);
    volume.lookup(root, "f");

    assertThat(counter(f)).isEqualTo(before);
  }

  @Test
  void clockGoingBackwards_doesNotMoveTheCounterBackwards() {
    ObjectId f = createFile(root, "f").id();
    long before = counter(f);
    clock.set(START.minusSeconds(86_400));

    long after = volume.setAttributes(f, SetAttributes.builder().mode(0600).build()).change();
    write(f, 0, new byte[] {1});

    assertThat(after).isGreaterThan(before);
    assertThat(counter(f)).isGreaterThan(after);
  }

  @Test
  void rename_increasesTheCounterOfTheObjectRenamed() {
    ObjectId f = createFile(root, "f").id();
    ObjectId d = mkdir(root, "d").id();
    ObjectId sub = mkdir(root, "sub").id();
    long cf = counter(f);
    long cs = counter(sub);

    volume.rename(root, "f", d, "g", RenameMode.NO_REPLACE);
    volume.rename(root, "sub", d, "sub", RenameMode.NO_REPLACE);

    assertThat(counter(f)).isGreaterThan(cf);
    assertThat(counter(sub)).isGreaterThan(cs);
  }

  @Test
  void link_increasesTheCounterOfTheObjectAndOfItsDirectory() {
    assumeCapability(Capability.UNLINKED_OBJECTS);
    Attributes tmp = volume.createUnlinked(0644, OWNER);
    try (FileHandle h = volume.open(tmp.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {1}));
      long written = counter(tmp.id());
      assertThat(written).isGreaterThan(tmp.change());
      long dir = counter(root);

      Attributes linked = volume.link(tmp.id(), root, "f", RenameMode.NO_REPLACE);

      assertThat(linked.change()).isGreaterThan(written);
      assertThat(counter(root)).isGreaterThan(dir);
    }
  }

  // Another frontend holds its own Volume of the same volume: its changes must show in ours.
  @Test
  void changesThroughAnotherVolumeInstance_moveTheCounterSeenHere() {
    ObjectId f = createFile(root, "f").id();
    ObjectId d = mkdir(root, "d").id();
    long cf = counter(f);
    long cd = counter(d);
    Volume other = dfs.volume(VOLUME);

    try (FileHandle h = other.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {7}));
    }
    long afterWrite = counter(f);
    other.setAttributes(f, SetAttributes.builder().mode(0600).build());
    long afterChmod = counter(f);
    other.create(d, "x", 0644, OWNER, true);

    assertThat(afterWrite).isGreaterThan(cf);
    assertThat(afterChmod).isGreaterThan(afterWrite);
    assertThat(counter(d)).isGreaterThan(cd);
  }

  // Clients may set times, even to the values they had; the counter is not a time and still moves.
  @Test
  void settingTimesToTheirCurrentValues_stillMovesTheCounter() {
    Attributes f = createFile(root, "f");
    Attributes after = volume.setAttributes(f.id(), SetAttributes.builder()
        .modifyTime(f.modifyTime()).accessTime(f.accessTime()).build());

    assertThat(after.modifyTime()).isEqualTo(f.modifyTime());
    assertThat(after.change()).isGreaterThan(f.change());
  }

  @Test
  void counters_surviveRestart_andKeepMovingForwardAfterIt() {
    ObjectId f = createFile(root, "f").id();
    ObjectId d = mkdir(root, "d").id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    long cf = counter(f);
    long cd = counter(d);

    reopen();

    assertThat(counter(f)).isEqualTo(cf);
    assertThat(counter(d)).isEqualTo(cd);
    write(f, 3, new byte[] {4});
    createFile(d, "x");
    assertThat(counter(f)).isGreaterThan(cf);
    assertThat(counter(d)).isGreaterThan(cd);
  }

  private long counter(ObjectId id) {
    return volume.getAttributes(id).change();
  }
}

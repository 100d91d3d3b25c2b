package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.XattrMode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What {@link dev.estuary.dfs.Dfs#capabilities()} promises: the set is stable, and a facet that
 * is not advertised fails with {@link ErrorKind#UNSUPPORTED}, never with a fake success. The
 * advertised facets are tested by the area classes; each test here runs only for a facet the
 * backend does not offer.
 */
public abstract class CapabilityContract extends DfsContractSupport {

  private void assumeAbsent(Capability capability) {
    Assumptions.assumeFalse(
        dfs.capabilities().contains(capability),
        "backend advertises " + capability + "; the area contract classes test it");
  }

  @Test
  void capabilities_areImmutableAndSurviveReopen() {
    Set<Capability> caps = dfs.capabilities();

    assertThatThrownBy(() -> caps.add(Capability.XATTRS))
        .isInstanceOf(UnsupportedOperationException.class);
    reopen();
    assertThat(dfs.capabilities()).isEqualTo(caps);
  }

  @Test
  void xattrs_notAdvertised_failUnsupported() {
    assumeAbsent(Capability.XATTRS);
    ObjectId f = createFile(root, "f").id();

    assertKind(ErrorKind.UNSUPPORTED, () -> volume.setXattr(f, "user.k", new byte[0], XattrMode.UPSERT));
    assertKind(ErrorKind.UNSUPPORTED, () -> volume.getXattr(f, "user.k"));
    assertKind(ErrorKind.UNSUPPORTED, () -> volume.listXattrs(f));
    assertKind(ErrorKind.UNSUPPORTED, () -> volume.removeXattr(f, "user.k"));
  }

  @Test
  void punchHole_notAdvertised_failsUnsupportedAndKeepsTheData() {
    assumeAbsent(Capability.HOLES);
    ObjectId f = createFile(root, "f", new byte[] {1, 2, 3}).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      assertKind(ErrorKind.UNSUPPORTED, () -> h.punchHole(0, 2));
    }
    assertThat(readAll(f)).containsExactly(1, 2, 3);
  }

  @Test
  void allocate_notAdvertised_failsUnsupported() {
    assumeAbsent(Capability.ALLOCATE);
    ObjectId f = createFile(root, "f").id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      assertKind(ErrorKind.UNSUPPORTED, () -> h.allocate(0, 4096, false));
      assertThat(h.size()).isZero();
    }
  }

  @Test
  void exchange_notAdvertised_failsUnsupportedAndChangesNothing() {
    assumeAbsent(Capability.RENAME_EXCHANGE);
    ObjectId a = createFile(root, "a").id();
    ObjectId b = createFile(root, "b").id();

    assertKind(ErrorKind.UNSUPPORTED, () -> volume.rename(root, "a", root, "b", RenameMode.EXCHANGE));

    assertThat(volume.lookup(root, "a").id()).isEqualTo(a);
    assertThat(volume.lookup(root, "b").id()).isEqualTo(b);
  }

  @Test
  void unlinkedObjects_notAdvertised_failUnsupported() {
    assumeAbsent(Capability.UNLINKED_OBJECTS);
    ObjectId f = createFile(root, "f").id();

    assertKind(ErrorKind.UNSUPPORTED, () -> volume.createUnlinked(0644, OWNER));
    assertKind(ErrorKind.UNSUPPORTED, () -> volume.link(f, root, "g", RenameMode.NO_REPLACE));
  }

  @Test
  void caseInsensitiveLookup_notAdvertised_failsUnsupported() {
    assumeAbsent(Capability.CASE_INSENSITIVE_LOOKUP);
    createFile(root, "f");

    assertKind(ErrorKind.UNSUPPORTED, () -> volume.lookupIgnoreCase(root, "F"));
  }

  @Test
  void retention_notAdvertised_failsUnsupportedAndProtectsNothing() {
    assumeAbsent(Capability.RETENTION);
    ObjectId f = createFile(root, "f").id();

    assertKind(ErrorKind.UNSUPPORTED, () -> volume.getRetention(f));
    assertKind(ErrorKind.UNSUPPORTED, () -> volume.setRetention(f, RetentionMode.COMPLIANCE,
        clock.instant().plus(Duration.ofDays(1)), false));
    assertKind(ErrorKind.UNSUPPORTED, () -> volume.setLegalHold(f, true));
    volume.remove(root, "f", RemoveKind.NOT_DIRECTORY);
  }

  @Test
  void watch_notAdvertised_failsUnsupported() {
    assumeAbsent(Capability.WATCH);

    assertKind(ErrorKind.UNSUPPORTED,
        () -> volume.watch(root, WatchScope.DIRECTORY, 16, Runnable::run, event -> { }));
  }

  @Test
  void locks_notAdvertised_failUnsupported() {
    assumeAbsent(Capability.LOCKS);
    ObjectId f = createFile(root, "f").id();
    if (!dfs.capabilities().contains(Capability.SHARE_MODES)) {
      assertKind(ErrorKind.UNSUPPORTED, () -> volume.openSession("test"));
      return;
    }
    try (LockSession s = volume.openSession("test")) {
      ByteRange range = new ByteRange(0, 1);
      assertKind(ErrorKind.UNSUPPORTED, () -> s.tryLock(f, "o", LockStyle.POSIX, LockType.SHARED, range));
      assertKind(ErrorKind.UNSUPPORTED,
          () -> s.lock(f, "o", LockStyle.POSIX, LockType.SHARED, range, Duration.ZERO));
      assertKind(ErrorKind.UNSUPPORTED, () -> s.test(f, "o", LockStyle.POSIX, LockType.SHARED, range));
      assertKind(ErrorKind.UNSUPPORTED, () -> s.testIo(f, "o", LockStyle.POSIX, true, range));
    }
  }

  @Test
  void shareModes_notAdvertised_failUnsupported() {
    assumeAbsent(Capability.SHARE_MODES);
    ObjectId f = createFile(root, "f").id();
    if (!dfs.capabilities().contains(Capability.LOCKS)) {
      assertKind(ErrorKind.UNSUPPORTED, () -> volume.openSession("test"));
      return;
    }
    try (LockSession s = volume.openSession("test")) {
      assertKind(ErrorKind.UNSUPPORTED, () -> s.reserve(f, Set.of(ShareAccess.READ), Set.of()));
    }
  }
}

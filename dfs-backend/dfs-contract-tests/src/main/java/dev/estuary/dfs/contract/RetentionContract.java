package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention periods and legal holds ({@link Capability#RETENTION}, {@link
 * dev.estuary.dfs.Volume#setRetention}): while one is in effect, by the backend's injected clock,
 * the file cannot be removed, replaced, written, resized or have its xattrs changed, whoever asks;
 * it can still be read, renamed and have its mode changed. Compliance periods only grow; governance
 * periods shrink only with the bypass; the state survives a restart.
 */
public abstract class RetentionContract extends DfsContractSupport {
  private static final byte[] CONTENT = "immutable backup".getBytes(StandardCharsets.UTF_8);

  /** Skips every test unless the backend offers retention. */
  @BeforeEach
  void requireRetention() {
    assumeCapability(Capability.RETENTION);
  }

  private Instant in(Duration d) {
    return clock.instant().plus(d);
  }

  /** Asserts that every way of destroying or changing the file {@code name} in root is refused. */
  private void assertProtected(String name, ObjectId id) {
    assertKind(ErrorKind.RETAINED, () -> volume.remove(root, name, RemoveKind.NOT_DIRECTORY));
    assertKind(ErrorKind.RETAINED, () -> volume.remove(root, name, RemoveKind.ANY));
    createFile(root, "intruder", new byte[] {9});
    assertKind(ErrorKind.RETAINED, () -> volume.rename(root, "intruder", root, name, RenameMode.REPLACE));
    volume.remove(root, "intruder", RemoveKind.NOT_DIRECTORY);
    try (FileHandle h = volume.open(id, OpenMode.READ_WRITE)) {
      assertKind(ErrorKind.RETAINED, () -> h.write(0, ByteBuffer.wrap(new byte[] {1})));
      assertKind(ErrorKind.RETAINED, () -> h.write(CONTENT.length, ByteBuffer.wrap(new byte[] {1})));
      assertKind(ErrorKind.RETAINED, () -> h.truncate(0));
      assertKind(ErrorKind.RETAINED, () -> h.truncate(CONTENT.length + 10));
      if (dfs.capabilities().contains(Capability.HOLES)) {
        assertKind(ErrorKind.RETAINED, () -> h.punchHole(0, 4));
      }
      if (dfs.capabilities().contains(Capability.ALLOCATE)) {
        assertKind(ErrorKind.RETAINED, () -> h.allocate(0, 1 << 20, false));
      }
    }
    assertKind(ErrorKind.RETAINED, () -> volume.setAttributes(id, SetAttributes.builder().size(0).build()));
    if (dfs.capabilities().contains(Capability.XATTRS)) {
      assertKind(ErrorKind.RETAINED,
          () -> volume.setXattr(id, "user.k", new byte[] {1}, XattrMode.UPSERT));
    }
    assertThat(volume.lookup(root, name).id()).isEqualTo(id);
    assertThat(readAll(id)).isEqualTo(CONTENT);
  }

  @Test
  void newFile_hasNoRetention() {
    ObjectId f = createFile(root, "f", CONTENT).id();

    assertThat(volume.getRetention(f)).isEqualTo(Retention.NONE);
    assertThat(Retention.NONE.inEffect(clock.instant())).isFalse();
  }

  @Test
  void governanceRetention_refusesRemoveReplaceWriteResizeAndXattrs() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    Instant until = in(Duration.ofDays(1));

    Retention r = volume.setRetention(f, RetentionMode.GOVERNANCE, until, false);

    assertThat(r).isEqualTo(new Retention(RetentionMode.GOVERNANCE, until, false));
    assertThat(volume.getRetention(f)).isEqualTo(r);
    assertProtected("f", f);
  }

  @Test
  void complianceRetention_refusesRemoveReplaceWriteResizeAndXattrs() {
    ObjectId f = createFile(root, "f", CONTENT).id();

    volume.setRetention(f, RetentionMode.COMPLIANCE, in(Duration.ofDays(1)), false);

    assertProtected("f", f);
  }

  @Test
  void retainedFile_canStillBeReadRenamedAwayAndChmodded() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    volume.setRetention(f, RetentionMode.COMPLIANCE, in(Duration.ofDays(1)), false);

    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      assertThat(readAll(h)).isEqualTo(CONTENT);
      if (dfs.capabilities().contains(Capability.ALLOCATE)) {
        h.allocate(0, CONTENT.length, true); // keeps the size: nothing a reader sees changes
      }
    }
    volume.setAttributes(f, SetAttributes.builder().mode(0400).build());
    volume.rename(root, "f", root, "moved", RenameMode.NO_REPLACE);
    ObjectId dir = mkdir(root, "versions").id();
    volume.rename(root, "moved", dir, "v1", RenameMode.REPLACE);

    assertThat(volume.lookup(dir, "v1").id()).isEqualTo(f);
    assertThat(volume.getAttributes(f).mode()).isEqualTo(0400);
    assertThat(volume.getRetention(f).mode()).isEqualTo(RetentionMode.COMPLIANCE);
    assertKind(ErrorKind.RETAINED, () -> volume.remove(dir, "v1", RemoveKind.NOT_DIRECTORY));
  }

  @Test
  void exchange_movesARetainedFileWithoutDestroyingIt() {
    assumeCapability(Capability.RENAME_EXCHANGE);
    ObjectId f = createFile(root, "f", CONTENT).id();
    ObjectId g = createFile(root, "g", new byte[] {7}).id();
    volume.setRetention(f, RetentionMode.COMPLIANCE, in(Duration.ofDays(1)), false);

    volume.rename(root, "g", root, "f", RenameMode.EXCHANGE);

    assertThat(volume.lookup(root, "g").id()).isEqualTo(f);
    assertThat(volume.lookup(root, "f").id()).isEqualTo(g);
  }

  @Test
  void handleOpenedBeforeTheRetention_isRefusedAfterIt() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(CONTENT));

      volume.setLegalHold(f, true);

      assertKind(ErrorKind.RETAINED, () -> h.write(0, ByteBuffer.wrap(new byte[] {1})));
      assertKind(ErrorKind.RETAINED, () -> h.truncate(1));
      volume.setLegalHold(f, false);
      h.write(0, ByteBuffer.wrap(new byte[] {'I'}));
    }
    assertThat(readAll(f)[0]).isEqualTo((byte) 'I');
  }

  @Test
  void copyInto_aRetainedFile_isRefused() {
    ObjectId src = createFile(root, "src", new byte[] {1, 2, 3}).id();
    ObjectId f = createFile(root, "f", CONTENT).id();
    volume.setRetention(f, RetentionMode.GOVERNANCE, in(Duration.ofHours(1)), false);

    try (FileHandle s = volume.open(src, OpenMode.READ);
        FileHandle t = volume.open(f, OpenMode.WRITE)) {
      assertKind(ErrorKind.RETAINED, () -> s.copyTo(0, t, 0, 3));
    }
    assertThat(readAll(f)).isEqualTo(CONTENT);
  }

  @Test
  void linkOver_aRetainedFile_isRefused() {
    assumeCapability(Capability.UNLINKED_OBJECTS);
    ObjectId f = createFile(root, "f", CONTENT).id();
    volume.setRetention(f, RetentionMode.GOVERNANCE, in(Duration.ofHours(1)), false);
    ObjectId fresh = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle h = volume.open(fresh, OpenMode.READ_WRITE)) {
      assertKind(ErrorKind.RETAINED, () -> volume.link(fresh, root, "f", RenameMode.REPLACE));
    }
    assertThat(volume.lookup(root, "f").id()).isEqualTo(f);
  }

  @Test
  void retentionSetBeforePublishing_takesEffectWhenLinked() {
    assumeCapability(Capability.UNLINKED_OBJECTS);
    ObjectId fresh = volume.createUnlinked(0644, OWNER).id();
    try (FileHandle h = volume.open(fresh, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {1}));
      volume.setRetention(fresh, RetentionMode.COMPLIANCE, in(Duration.ofHours(1)), false);
      // Not published yet: only its creator reaches it, and may still finish it.
      h.truncate(0);
      h.write(0, ByteBuffer.wrap(CONTENT));
      if (dfs.capabilities().contains(Capability.XATTRS)) {
        volume.setXattr(fresh, "user.version", new byte[] {7}, XattrMode.UPSERT);
      }
      volume.link(fresh, root, "f", RenameMode.NO_REPLACE);

      // Published: protected at once, through the handle already open too.
      assertKind(ErrorKind.RETAINED, () -> h.write(0, ByteBuffer.wrap(new byte[] {1})));
    }

    assertProtected("f", fresh);
    reopen();
    assertProtected("f", fresh);
  }

  @Test
  void expiredRetention_allowsEverythingAgain() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    Instant until = in(Duration.ofDays(1));
    volume.setRetention(f, RetentionMode.COMPLIANCE, until, false);
    clock.set(until.minusNanos(1));
    assertKind(ErrorKind.RETAINED, () -> volume.remove(root, "f", RemoveKind.NOT_DIRECTORY));

    clock.set(until); // the period ends at its date

    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {'I'}));
    }
    assertThat(volume.getRetention(f)).isEqualTo(new Retention(RetentionMode.COMPLIANCE, until, false));
    volume.remove(root, "f", RemoveKind.NOT_DIRECTORY);
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookup(root, "f"));
  }

  @Test
  void compliance_canBeExtendedButNeverShortenedChangedOrRemoved() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    Instant until = in(Duration.ofDays(10));
    volume.setRetention(f, RetentionMode.COMPLIANCE, until, false);

    assertKind(ErrorKind.RETAINED,
        () -> volume.setRetention(f, RetentionMode.COMPLIANCE, until.minusSeconds(1), true));
    assertKind(ErrorKind.RETAINED,
        () -> volume.setRetention(f, RetentionMode.GOVERNANCE, until.plusSeconds(1), true));
    assertKind(ErrorKind.RETAINED, () -> volume.setRetention(f, null, null, true));
    assertThat(volume.getRetention(f).retainUntil()).isEqualTo(until);

    volume.setRetention(f, RetentionMode.COMPLIANCE, until, false);
    Instant later = until.plus(Duration.ofDays(5));
    volume.setRetention(f, RetentionMode.COMPLIANCE, later, false);
    assertThat(volume.getRetention(f)).isEqualTo(new Retention(RetentionMode.COMPLIANCE, later, false));

    clock.set(later);
    volume.setRetention(f, null, null, false);
    assertThat(volume.getRetention(f)).isEqualTo(Retention.NONE);
  }

  @Test
  void governance_shortensChangesOrGoesOnlyWithTheBypass() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    Instant until = in(Duration.ofDays(10));
    volume.setRetention(f, RetentionMode.GOVERNANCE, until, false);

    assertKind(ErrorKind.RETAINED,
        () -> volume.setRetention(f, RetentionMode.GOVERNANCE, until.minusSeconds(1), false));
    assertKind(ErrorKind.RETAINED,
        () -> volume.setRetention(f, RetentionMode.COMPLIANCE, until.plusSeconds(1), false));
    assertKind(ErrorKind.RETAINED, () -> volume.setRetention(f, null, null, false));
    volume.setRetention(f, RetentionMode.GOVERNANCE, until.plusSeconds(60), false);

    volume.setRetention(f, RetentionMode.GOVERNANCE, in(Duration.ofMinutes(1)), true);
    assertThat(volume.getRetention(f).retainUntil()).isEqualTo(in(Duration.ofMinutes(1)));
    volume.setRetention(f, null, null, true);

    assertThat(volume.getRetention(f)).isEqualTo(Retention.NONE);
    volume.remove(root, "f", RemoveKind.NOT_DIRECTORY);
  }

  @Test
  void governance_withTheBypass_canBecomeCompliance() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    volume.setRetention(f, RetentionMode.GOVERNANCE, in(Duration.ofDays(1)), false);

    volume.setRetention(f, RetentionMode.COMPLIANCE, in(Duration.ofDays(1)), true);

    assertKind(ErrorKind.RETAINED, () -> volume.setRetention(f, null, null, true));
  }

  @Test
  void legalHold_protectsUntilTakenOff_independentlyOfTheRetention() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    Instant until = in(Duration.ofHours(1));
    volume.setRetention(f, RetentionMode.GOVERNANCE, until, false);

    Retention held = volume.setLegalHold(f, true);
    assertThat(held).isEqualTo(new Retention(RetentionMode.GOVERNANCE, until, true));
    clock.set(until.plus(Duration.ofDays(365)));

    assertProtected("f", f);
    volume.setRetention(f, null, null, false); // the expired period goes; the hold stays
    assertThat(volume.getRetention(f)).isEqualTo(new Retention(null, null, true));
    assertKind(ErrorKind.RETAINED, () -> volume.remove(root, "f", RemoveKind.NOT_DIRECTORY));

    assertThat(volume.setLegalHold(f, false)).isEqualTo(Retention.NONE);
    volume.remove(root, "f", RemoveKind.NOT_DIRECTORY);
  }

  @Test
  void retentionAndHold_surviveARestart() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    ObjectId g = createFile(root, "g", CONTENT).id();
    Instant until = in(Duration.ofDays(3));
    volume.setRetention(f, RetentionMode.COMPLIANCE, until, false);
    volume.setLegalHold(g, true);

    reopen();

    assertThat(volume.getRetention(f)).isEqualTo(new Retention(RetentionMode.COMPLIANCE, until, false));
    assertThat(volume.getRetention(g)).isEqualTo(new Retention(null, null, true));
    assertProtected("f", f);
    assertProtected("g", g);
  }

  @Test
  void retentionIsNotAnExtendedAttribute() {
    assumeCapability(Capability.XATTRS);
    ObjectId f = createFile(root, "f", CONTENT).id();
    volume.setXattr(f, "user.a", new byte[] {1}, XattrMode.UPSERT);

    volume.setRetention(f, RetentionMode.GOVERNANCE, in(Duration.ofDays(1)), false);

    assertThat(volume.listXattrs(f)).containsExactly("user.a");
    assertKind(ErrorKind.RETAINED, () -> volume.removeXattr(f, "user.a"));
  }

  @Test
  void accessControlAttributes_stayChangeableUnderRetentionAndLegalHold() {
    assumeCapability(Capability.XATTRS);
    ObjectId f = createFile(root, "f", CONTENT).id();
    volume.setRetention(f, RetentionMode.COMPLIANCE, in(Duration.ofDays(1)), false);
    volume.setLegalHold(f, true);
    String acl = Retention.ACCESS_CONTROL_XATTR_PREFIX + "acl";

    volume.setXattr(f, acl, new byte[] {1}, XattrMode.UPSERT);
    volume.setXattr(f, acl, new byte[] {2}, XattrMode.UPSERT);
    assertThat(volume.getXattr(f, acl)).containsExactly(2);
    volume.removeXattr(f, acl);
    // Everything else about the file stays protected.
    assertKind(ErrorKind.RETAINED, () -> volume.setXattr(f, "user.k", new byte[] {1}, XattrMode.UPSERT));
    assertProtected("f", f);
  }

  @Test
  void recursiveVolumeDeletion_isRefusedWhileAFileIsRetained() {
    ObjectId dir = mkdir(root, "d").id();
    ObjectId f = createFile(dir, "f", CONTENT).id();
    Instant until = in(Duration.ofDays(1));
    volume.setRetention(f, RetentionMode.GOVERNANCE, until, false);

    assertKind(ErrorKind.RETAINED, () -> dfs.deleteVolume(VOLUME, true));
    assertThat(readAll(f)).isEqualTo(CONTENT);

    clock.set(until);
    dfs.deleteVolume(VOLUME, true);
    assertKind(ErrorKind.NOT_FOUND, () -> dfs.volume(VOLUME));
  }

  @Test
  void removedAfterExpiry_leavesNothingBehind() {
    ObjectId f = createFile(root, "f", CONTENT).id();
    Instant until = in(Duration.ofMinutes(5));
    volume.setRetention(f, RetentionMode.COMPLIANCE, until, false);
    clock.set(until);
    long before = volume.statfs().objects();

    volume.remove(root, "f", RemoveKind.NOT_DIRECTORY);

    assertThat(volume.statfs().objects()).isEqualTo(before - 1);
    assertKind(ErrorKind.STALE, () -> volume.getRetention(f));
    dfs.deleteVolume(VOLUME, true); // no stray retention record blocks it
  }

  @Test
  void badArguments_areRefused() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId f = createFile(root, "f", CONTENT).id();

    assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> volume.setRetention(d, RetentionMode.GOVERNANCE, in(Duration.ofDays(1)), false));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.setLegalHold(d, true));
    DfsException e = assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> volume.setRetention(f, RetentionMode.GOVERNANCE, null, false));
    assertThat(e.getMessage()).contains("expected");
    assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> volume.setRetention(f, null, in(Duration.ofDays(1)), false));
    assertThat(volume.getRetention(f)).isEqualTo(Retention.NONE);
  }

  @Test
  void refusal_namesTheFileAndWhatProtectsIt() {
    Attributes a = createFile(root, "f", CONTENT);
    Instant until = in(Duration.ofDays(1));
    volume.setRetention(a.id(), RetentionMode.COMPLIANCE, until, false);

    DfsException e = assertKind(ErrorKind.RETAINED,
        () -> volume.remove(root, "f", RemoveKind.NOT_DIRECTORY));

    assertThat(e.getMessage()).contains(a.id().toString()).contains("COMPLIANCE").contains(until.toString());
  }
}

package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decorator that applies {@link AccessChecker} to every {@link Volume} call, over the embedded
 * engine: which call needs which permission, and that a refused call changes nothing. The volume's
 * group is 100; {@code alice} (uid 1000) and {@code bob} (uid 2000) hold write grants, {@code
 * reader} (uid 3000) a read grant.
 */
class CheckedVolumeTest {
  private static final int VGID = 100;
  private static final Ownership ALICE = new Ownership(1000, 1000);
  private static final Ownership BOB = new Ownership(2000, 2000);

  @TempDir Path tmp;
  private Dfs dfs;
  private Volume raw;
  private final AccessChecker checker = new AccessChecker(new Authorizer());

  @BeforeEach
  void open() {
    dfs = new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
    new VolumeDefaults(0664, 0775, VGID).createVolume(dfs, "vol", 0);
    raw = dfs.volume("vol");
  }

  @AfterEach
  void close() {
    dfs.close();
  }

  private CheckedVolume as(String name, int uid, Permission grant) {
    return checker.open(raw, new Principal(name, uid, uid, false, Map.of("vol", grant)));
  }

  private CheckedVolume alice() {
    return as("alice", 1000, Permission.WRITE);
  }

  private CheckedVolume bob() {
    return as("bob", 2000, Permission.WRITE);
  }

  private static void denied(ThrowingCallable call, ErrorKind kind, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DfsException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).contains(message);
    });
  }

  private Attributes file(Volume v, Attributes dir, String name, int mode, Ownership owner) {
    return v.create(dir.id(), name, mode, owner, true);
  }

  @Test
  void pathWalksNeedSearchOnEveryDirectory() {
    Attributes home = raw.mkdirs("home/alice", 0700, ALICE);
    file(raw, home, "notes", 0644, ALICE);
    assertThat(alice().resolve("home/alice/notes", true).mode()).isEqualTo(0644);
    denied(() -> bob().resolve("home/alice/notes", true), ErrorKind.ACCESS_DENIED,
        "may not search directory");
    denied(() -> bob().readdir(home.id(), DirCursor.START, 10, false), ErrorKind.ACCESS_DENIED,
        "may not list directory");
    // The volume's group counts for every granted user: the 0775 root of group 100 is writable.
    bob().mkdir(raw.root(), "bobs", 0775, bob().newOwner());
    assertThat(raw.resolve("bobs", false).gid()).isEqualTo(VGID);
  }

  @Test
  void mkdirsWalksExistingDirectoriesItMayNotWrite() {
    raw.mkdirs("ro/sub", 0755, ALICE);
    // As mkdir -p: EEXIST before EACCES, so the walk goes through.
    assertThat(bob().mkdirs("ro/sub", 0775, bob().newOwner()).uid()).isEqualTo(1000);
    denied(() -> bob().mkdirs("ro/sub/new", 0775, bob().newOwner()), ErrorKind.ACCESS_DENIED,
        "may not create an entry in directory");
    denied(() -> bob().create(raw.resolve("ro", false).id(), "sub", 0644, bob().newOwner(), true),
        ErrorKind.EXISTS, "'sub' exists");
  }

  @Test
  void newObjectsMustBeTheCallers() {
    denied(() -> bob().createUnlinked(0644, ALICE), ErrorKind.NOT_PERMITTED,
        "may not create an object owned by 1000:1000");
    denied(() -> bob().mkdir(raw.root(), "x", 0755, new Ownership(2000, 7)),
        ErrorKind.NOT_PERMITTED, "owned by 2000:7");
    assertThat(bob().createUnlinked(0644, BOB).uid()).isEqualTo(2000);
    CheckedVolume admin = as("carol", 4000, Permission.ADMIN);
    assertThat(admin.caller().root()).isTrue();
    assertThat(admin.mkdir(raw.root(), "given", 0755, ALICE).uid()).isEqualTo(1000);
  }

  @Test
  void readAndWriteFollowTheModeBitsButNotForWhatTheViewCreated() {
    Attributes secret = file(raw, raw.getAttributes(raw.root()), "secret", 0600, ALICE);
    raw.setXattr(secret.id(), "user.tag", new byte[] {1}, XattrMode.UPSERT);
    denied(() -> bob().open(secret.id(), OpenMode.READ), ErrorKind.ACCESS_DENIED,
        "may not read file");
    denied(() -> bob().open(secret.id(), OpenMode.WRITE), ErrorKind.ACCESS_DENIED,
        "may not write file");
    denied(() -> bob().getXattr(secret.id(), "user.tag"), ErrorKind.ACCESS_DENIED,
        "may not read the attributes of file");
    denied(() -> bob().setXattr(secret.id(), "user.tag", new byte[] {2}, XattrMode.UPSERT),
        ErrorKind.ACCESS_DENIED, "may not change the attributes of file");
    assertThat(raw.getXattr(secret.id(), "user.tag")).containsExactly(1);
    alice().open(secret.id(), OpenMode.READ_WRITE).close();
    as("carol", 4000, Permission.ADMIN).open(secret.id(), OpenMode.READ).close();
    denied(() -> as("alice", 1000, Permission.READ).open(secret.id(), OpenMode.WRITE),
        ErrorKind.ACCESS_DENIED, "no write permission (expected: a grant of write or higher)");

    // open(O_CREAT) semantics: a read-only object the view made may be written once.
    CheckedVolume b = bob();
    Attributes frozen = b.createUnlinked(0400, b.newOwner());
    try (FileHandle h = b.open(frozen.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {7}));
    }
  }

  @Test
  void replacingAndRemovingFollowTheDirectoryAndTheStickyBit() {
    Attributes shared = raw.mkdirs("shared", 0775, new Ownership(0, VGID));
    Attributes theirs = file(raw, shared, "theirs", 0600, ALICE);
    CheckedVolume b = bob();
    Attributes mine = b.createUnlinked(0664, b.newOwner());
    b.link(mine.id(), shared.id(), "theirs", RenameMode.REPLACE);
    assertThat(raw.resolve("shared/theirs", false).id()).isEqualTo(mine.id());
    file(raw, shared, "gone", 0600, ALICE);
    bob().remove(shared.id(), "gone", RemoveKind.ANY);

    Attributes sticky = raw.mkdirs("tmp", 01777, Ownership.ROOT);
    file(raw, sticky, "alices", 0666, ALICE);
    CheckedVolume b2 = bob();
    Attributes over = b2.createUnlinked(0664, b2.newOwner());
    denied(() -> b2.link(over.id(), sticky.id(), "alices", RenameMode.REPLACE),
        ErrorKind.NOT_PERMITTED, "the owner of it or of its sticky directory");
    denied(() -> bob().remove(sticky.id(), "alices", RemoveKind.ANY), ErrorKind.NOT_PERMITTED,
        "may not remove file");
    denied(() -> bob().rename(sticky.id(), "alices", shared.id(), "moved", RenameMode.NO_REPLACE),
        ErrorKind.NOT_PERMITTED, "sticky");
    assertThat(raw.lookup(sticky.id(), "alices").uid()).isEqualTo(1000);
    bob().rename(shared.id(), "theirs", sticky.id(), "bobs", RenameMode.NO_REPLACE);
    alice().remove(sticky.id(), "alices", RemoveKind.ANY);
    assertThat(theirs.id()).isNotEqualTo(mine.id());
  }

  @Test
  void linkReplacing_looksTheOldEntryUpOnlyWhereTheStickyRuleNeedsItsOwner() {
    List<String> lookups = new ArrayList<>();
    Volume counting = new ForwardingVolume(raw) {
      @Override
      public Attributes lookup(ObjectId parent, String name) {
        lookups.add(name);
        return super.lookup(parent, name);
      }
    };
    Principal bob = new Principal("bob", 2000, 2000, false, Map.of("vol", Permission.WRITE));
    Attributes shared = raw.mkdirs("shared", 0775, new Ownership(0, VGID));
    file(raw, shared, "old", 0600, ALICE);
    CheckedVolume b = checker.open(counting, bob);
    b.link(b.createUnlinked(0664, b.newOwner()).id(), shared.id(), "new", RenameMode.REPLACE);
    b.link(b.createUnlinked(0664, b.newOwner()).id(), shared.id(), "old", RenameMode.REPLACE);
    assertThat(lookups).isEmpty();
    assertThat(raw.lookup(shared.id(), "old").uid()).isEqualTo(2000);

    Attributes sticky = raw.mkdirs("tmp", 01777, Ownership.ROOT);
    file(raw, sticky, "alices", 0666, ALICE);
    CheckedVolume b2 = checker.open(counting, bob);
    b2.link(b2.createUnlinked(0664, b2.newOwner()).id(), sticky.id(), "bobs", RenameMode.REPLACE);
    Attributes over = b2.createUnlinked(0664, b2.newOwner());
    denied(() -> b2.link(over.id(), sticky.id(), "alices", RenameMode.REPLACE),
        ErrorKind.NOT_PERMITTED, "the owner of it or of its sticky directory");
    assertThat(lookups).containsExactly("bobs", "alices");
  }

  @Test
  void movingADirectoryToAnotherParentNeedsWriteOnIt() {
    Attributes a = raw.mkdirs("a", 0777, Ownership.ROOT);
    Attributes b = raw.mkdirs("b", 0777, Ownership.ROOT);
    raw.mkdir(a.id(), "ro", 0555, ALICE);
    denied(() -> bob().rename(a.id(), "ro", b.id(), "ro", RenameMode.NO_REPLACE),
        ErrorKind.ACCESS_DENIED, "may not move directory");
    bob().rename(a.id(), "ro", a.id(), "renamed", RenameMode.NO_REPLACE);
    // Even its owner needs write permission on it (as Linux asks); root does not.
    denied(() -> alice().rename(a.id(), "renamed", b.id(), "ro", RenameMode.NO_REPLACE),
        ErrorKind.ACCESS_DENIED, "may not move directory");
    as("carol", 4000, Permission.ADMIN).rename(a.id(), "renamed", b.id(), "ro", RenameMode.NO_REPLACE);
  }

  @Test
  void attributesFollowOwnership() {
    Attributes f = file(raw, raw.getAttributes(raw.root()), "f", 0664, ALICE);
    denied(() -> bob().setAttributes(f.id(), SetAttributes.builder().mode(0777).build()),
        ErrorKind.NOT_PERMITTED, "may not change the mode of file");
    denied(() -> alice().setAttributes(f.id(), SetAttributes.builder().uid(2000).build()),
        ErrorKind.NOT_PERMITTED, "may not change the owner of file");
    denied(() -> bob().setAttributes(f.id(), SetAttributes.builder()
        .modifyTime(Instant.EPOCH).build()), ErrorKind.NOT_PERMITTED, "may not set the times of");
    assertThat(alice().setAttributes(f.id(), SetAttributes.builder().mode(0600).gid(VGID).build())
        .mode()).isEqualTo(0600);
    denied(() -> bob().setAttributes(f.id(), SetAttributes.builder().size(0L).build()),
        ErrorKind.ACCESS_DENIED, "may not truncate file");
    assertThat(as("root", 0, Permission.WRITE).setAttributes(f.id(),
        SetAttributes.builder().uid(2000).build()).uid()).isEqualTo(2000);
  }

  @Test
  void timesSetToNowNeedOnlyWritePermission() {
    // Group-writable through the volume's group, owned by alice: bob may write it, not own it.
    Attributes f = file(raw, raw.getAttributes(raw.root()), "shared", 0664, new Ownership(1000, VGID));
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    SetAttributes touch = SetAttributes.builder().accessTime(now).modifyTime(now).build();
    assertThat(bob().setAttributes(f.id(), touch, true).modifyTime()).isEqualTo(now);
    denied(() -> bob().setAttributes(f.id(), touch, false), ErrorKind.NOT_PERMITTED,
        "may not set the times of");
    Attributes priv = file(raw, raw.getAttributes(raw.root()), "private", 0600, ALICE);
    denied(() -> bob().setAttributes(priv.id(), touch, true), ErrorKind.NOT_PERMITTED,
        "expected: the owner, root, or write permission");
    denied(() -> as("reader", 3000, Permission.READ).setAttributes(f.id(), touch, true),
        ErrorKind.ACCESS_DENIED, "no write permission");
  }

  @Test
  void withoutAGrantNothingIsAllowedEvenForUidZero() {
    CheckedVolume none = checker.open(raw, new Principal("root", 0, 0, false, Map.of()));
    denied(() -> none.getAttributes(raw.root()), ErrorKind.ACCESS_DENIED,
        "no read permission (expected: a grant of read or higher)");
    denied(() -> none.lookup(raw.root(), "x"), ErrorKind.ACCESS_DENIED, "no read permission");
    denied(() -> none.statfs(), ErrorKind.ACCESS_DENIED, "no read permission");
  }

  @Test
  void encryptedObjectsAreRefusedToEveryViewButS3s() {
    Attributes f = raw.create(raw.root(), "secret.bin", 0666, ALICE, true);
    try (FileHandle h = raw.open(f.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    }
    raw.setXattr(f.id(), dev.estuary.dfs.EncryptedObjects.XATTR, new byte[] {1},
        XattrMode.UPSERT);
    // A file protocol's view (the owner, even): no open for reading or writing, no truncation.
    denied(() -> alice().open(f.id(), OpenMode.READ), ErrorKind.ACCESS_DENIED, "S3-encrypted");
    denied(() -> alice().open(f.id(), OpenMode.READ_WRITE), ErrorKind.ACCESS_DENIED,
        "S3-encrypted");
    denied(() -> alice().setAttributes(f.id(), SetAttributes.builder().size(0).build()),
        ErrorKind.ACCESS_DENIED, "S3-encrypted");
    assertThat(raw.getAttributes(f.id()).size()).isEqualTo(4);
    // S3's view opens it; an unmarked file opens everywhere.
    alice().allowingEncrypted().open(f.id(), OpenMode.READ).close();
    Attributes plain = raw.create(raw.root(), "plain.bin", 0666, ALICE, true);
    alice().open(plain.id(), OpenMode.READ).close();
    // Removing it stays allowed, as rm of an unreadable file is.
    alice().remove(raw.root(), "secret.bin", RemoveKind.NOT_DIRECTORY);
  }

  @Test
  void readSmallIsCheckedAsOpenAndGetXattr() {
    Attributes secret = file(raw, raw.getAttributes(raw.root()), "secret", 0600, ALICE);
    try (FileHandle h = raw.open(secret.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {5, 6}));
    }
    denied(() -> bob().readSmall(secret.id(), 100, Set.of()), ErrorKind.ACCESS_DENIED,
        "may not read file");
    assertThat(alice().readSmall(secret.id(), 100, Set.of()).data()).containsExactly(5, 6);

    raw.setXattr(secret.id(), dev.estuary.dfs.EncryptedObjects.XATTR, new byte[] {1},
        XattrMode.UPSERT);
    denied(() -> alice().readSmall(secret.id(), 100, Set.of()), ErrorKind.ACCESS_DENIED,
        "S3-encrypted");
    assertThat(alice().allowingEncrypted().readSmall(secret.id(), 100, Set.of()).data())
        .containsExactly(5, 6);
  }

  @Test
  void aCheckDecidesOnTheAttributesTheViewMetEarlierInTheRequest() {
    Attributes f = file(raw, raw.getAttributes(raw.root()), "f", 0644, ALICE);
    List<String> calls = new ArrayList<>();
    Volume counting = new ForwardingVolume(raw) {
      @Override
      public Attributes getAttributes(ObjectId id) {
        calls.add("getAttributes");
        return super.getAttributes(id);
      }
    };
    CheckedVolume v = checker.open(counting,
        new Principal("bob", 2000, 2000, false, Map.of("vol", Permission.WRITE)));
    Attributes found = v.lookup(raw.root(), "f");
    calls.clear();

    v.open(found.id(), OpenMode.READ).close();
    v.getRetention(found.id());

    assertThat(calls).isEmpty();
    // A fresh view (the next request) reads them again, and sees a mode changed meanwhile.
    raw.setAttributes(f.id(), SetAttributes.builder().mode(0600).build());
    CheckedVolume next = checker.open(counting,
        new Principal("bob", 2000, 2000, false, Map.of("vol", Permission.WRITE)));
    denied(() -> next.open(f.id(), OpenMode.READ), ErrorKind.ACCESS_DENIED, "may not read file");
    assertThat(calls).containsExactly("getAttributes");
  }
}

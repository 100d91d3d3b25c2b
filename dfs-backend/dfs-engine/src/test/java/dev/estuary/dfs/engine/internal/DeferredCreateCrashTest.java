package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.engine.EngineProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGKILL between the steps the engine merges into one batch (issue 10): a child JVM creates a
 * file and writes it without closing it (the create still waits in the batch, {@link Txn#defer()}),
 * after a file closed without a sync and a file synced, and is killed. After restart the synced
 * file and the closed one are whole (the close wrote create and data in one WAL write, which a
 * process kill does not lose), the file still open is absent (its create was never written, and
 * nothing of it is left behind), and fsck finds the store consistent. The same for the steps of an
 * S3 PUT's staged object (create without a name, write, metadata, data sync, link), and for a
 * run of removes written together.
 */
class DeferredCreateCrashTest {
  @TempDir Path dir;

  static final byte[] DATA = content();

  private static byte[] content() {
    byte[] b = new byte[4096];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }

  /**
   * The child: with {@code files}, writes the three files; with {@code staged}, the three staged
   * objects (an S3 PUT's steps). Prints {@code ready} (and, for {@code staged}, the id of the object
   * left unlinked), then waits to be killed.
   */
  public static void main(String[] args) throws Exception {
    Dfs dfs = new EngineProvider().open(EngineFixture.context(Path.of(args[0]),
        // No write-back timer: only the calls below write.
        Map.of("flush-interval-ms", "3600000")));
    Volume v = dfs.volume("vol");
    if (args[1].equals("staged")) {
      staged(v);
      return;
    }
    if (args[1].equals("removes")) {
      removes(v);
      return;
    }
    ObjectId a = v.create(v.root(), "synced", 0644, Ownership.ROOT, true).id();
    try (FileHandle h = v.open(a, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(DATA));
      h.syncData();
    }
    v.syncNamespace();
    ObjectId b = v.create(v.root(), "closed", 0644, Ownership.ROOT, true).id();
    try (FileHandle h = v.open(b, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(DATA));
    }
    ObjectId c = v.create(v.root(), "open", 0644, Ownership.ROOT, true).id();
    FileHandle h = v.open(c, OpenMode.WRITE);
    h.write(0, ByteBuffer.wrap(DATA));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("ready");
    // Blocks until killed (the test never writes to this pipe).
    System.in.read();
  }

  /**
   * An S3 PUT's steps, whose changes the engine merges (the unlinked create is written with the
   * metadata xattr, the write-back of the data with the link): one object linked and synced, one
   * linked without a sync, one killed after its data sync but before its link.
   */
  private static void staged(Volume v) throws Exception {
    for (String name : new String[] {"synced", "linked"}) {
      ObjectId id = v.createUnlinked(0644, Ownership.ROOT).id();
      try (FileHandle h = v.open(id, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(DATA));
        v.setXattr(id, "user.meta", name.getBytes(StandardCharsets.UTF_8), XattrMode.UPSERT);
        h.syncData();
        v.link(id, v.root(), name, RenameMode.NO_REPLACE);
        if (name.equals("synced")) {
          v.syncNamespace();
        }
      }
    }
    ObjectId waiting = v.createUnlinked(0644, Ownership.ROOT).id();
    FileHandle h = v.open(waiting, OpenMode.READ_WRITE);
    h.write(0, ByteBuffer.wrap(DATA));
    v.setXattr(waiting, "user.meta", new byte[] {1}, XattrMode.UPSERT);
    h.syncData();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("ready " + waiting);
    System.in.read();
  }

  /**
   * Removes, which the engine writes in runs (Txn#defer): a remove synced, a run of three waiting
   * when killed (a file, a file with xattrs and inline data, an empty directory), and a remove
   * that deletes a data file (written at once, never deferred).
   */
  private static void removes(Volume v) throws Exception {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    for (String name : new String[] {"synced", "waiting", "meta", "big"}) {
      ObjectId id = v.create(d, name, 0644, Ownership.ROOT, true).id();
      try (FileHandle h = v.open(id, OpenMode.WRITE)) {
        h.write(0, ByteBuffer.wrap(name.equals("big") ? new byte[1 << 20] : DATA));
      }
    }
    v.setXattr(v.lookup(d, "meta").id(), "user.k", new byte[] {1}, XattrMode.UPSERT);
    v.mkdir(v.root(), "empty", 0755, Ownership.ROOT);
    v.syncNamespace();
    v.remove(d, "synced", RemoveKind.NOT_DIRECTORY);
    v.syncNamespace();
    v.remove(d, "big", RemoveKind.NOT_DIRECTORY);
    v.remove(d, "waiting", RemoveKind.NOT_DIRECTORY);
    v.remove(d, "meta", RemoveKind.NOT_DIRECTORY);
    v.remove(v.root(), "empty", RemoveKind.DIRECTORY);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("ready");
    System.in.read();
  }

  /** Starts the child in a mode and returns what it printed when ready; it is killed meanwhile. */
  private String runAndKill(String mode) throws Exception {
    try (Dfs dfs = EngineFixture.open(dir)) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
    }
    Process child = new ProcessBuilder(List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        DeferredCreateCrashTest.class.getName(), dir.toString(), mode))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      assertThat(line).as("child ready").startsWith("ready");
      return line;
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void killBetweenTheStepsOfAStagedObject_keepsTheLinkedOnesWholeAndReclaimsTheUnlinked()
      throws Exception {
    String ready = runAndKill("staged");
    ObjectId waiting = ObjectId.parse(ready.substring("ready ".length()));
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume("vol");
      for (String name : new String[] {"synced", "linked"}) {
        ObjectId id = v.lookup(v.root(), name).id();
        assertThat(read(v, id)).as(name).isEqualTo(DATA);
        assertThat(new String(v.getXattr(id, "user.meta"), StandardCharsets.UTF_8)).isEqualTo(name);
      }
      DfsException gone = org.assertj.core.api.Assertions.catchThrowableOfType(DfsException.class,
          () -> v.getAttributes(waiting));
      assertThat(gone).as("the unlinked object, reclaimed").isNotNull();
      assertThat(gone.kind()).isEqualTo(ErrorKind.STALE);
      assertThat(v.readdir(v.root(), DirCursor.START, 10, false).entries())
          .extracting(DirEntry::name).containsExactlyInAnyOrder("linked", "synced");
    }
    assertThat(new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, l -> {})
        .problems()).isEmpty();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void killBetweenCreateAndClose_losesTheOpenFileWholeAndKeepsTheClosedOnes() throws Exception {
    runAndKill("files");

    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume("vol");
      assertThat(read(v, v.lookup(v.root(), "synced").id())).isEqualTo(DATA);
      assertThat(read(v, v.lookup(v.root(), "closed").id())).isEqualTo(DATA);
      DfsException gone = org.assertj.core.api.Assertions.catchThrowableOfType(DfsException.class,
          () -> v.lookup(v.root(), "open"));
      assertThat(gone).as("the create still waiting when killed").isNotNull();
      assertThat(gone.kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(v.readdir(v.root(), DirCursor.START, 10, false).entries())
          .extracting(DirEntry::name).containsExactlyInAnyOrder("closed", "synced");
      assertThat(v.getAttributes(v.root()).size()).isEqualTo(2);
    }
    assertThat(new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, l -> {})
        .problems()).isEmpty();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void killWhileRemovesWait_losesTheRunWholeAndKeepsTheWrittenOnes() throws Exception {
    runAndKill("removes");

    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume("vol");
      ObjectId d = v.lookup(v.root(), "d").id();
      // The synced remove and the one written at once are gone; the run still waiting came back
      // whole: both files with their data and xattr, the directory, and every count.
      assertThat(v.readdir(d, DirCursor.START, 10, false).entries())
          .extracting(DirEntry::name).containsExactlyInAnyOrder("meta", "waiting");
      assertThat(v.getAttributes(d).size()).isEqualTo(2);
      assertThat(read(v, v.lookup(d, "waiting").id())).isEqualTo(DATA);
      assertThat(read(v, v.lookup(d, "meta").id())).isEqualTo(DATA);
      assertThat(v.getXattr(v.lookup(d, "meta").id(), "user.k")).containsExactly(1);
      assertThat(v.lookup(v.root(), "empty").type()).isEqualTo(ObjectType.DIRECTORY);
      assertThat(v.getAttributes(v.root()).size()).isEqualTo(2);
    }
    assertThat(new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, l -> {})
        .problems()).isEmpty();
  }

  private static byte[] read(Volume v, ObjectId id) {
    try (FileHandle h = v.open(id, OpenMode.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(DATA.length * 2);
      int n = h.read(0, buf);
      return Arrays.copyOf(buf.array(), Math.max(n, 0));
    }
  }
}

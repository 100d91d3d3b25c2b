package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cheap durable publish ({@code syncData}, {@code link}, {@code syncNamespace}) costs in
 * fsyncs, counted by the engine's {@code estuary.engine.fsyncs} meter: one WAL fsync for an inline
 * object, the data file's fsync (and its directory's, since it is new) plus one WAL fsync for a
 * large one, and never an fsync of another writer's open data file. These are the calls an S3 PUT
 * makes (issue 9: one fsync per small PUT).
 */
class EngineFsyncTest {
  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Dfs dfs;
  private Volume v;

  @BeforeEach
  void open() {
    // No write-back timer during the test: every fsync counted is one the calls below made.
    dfs = new EngineProvider().open(new DfsProvider.Context(dir, Clock.systemUTC(), registry,
        Map.of("inline-threshold", "65536", "flush-interval-ms", "3600000")));
    v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
  }

  @AfterEach
  void close() {
    dfs.close();
  }

  private double fsyncs(String kind) {
    if (kind.equals("wal")) {
      FunctionCounter c = registry.find("estuary.engine.fsyncs").tag("kind", kind).functionCounter();
      assertThat(c).as("meter estuary.engine.fsyncs{kind=wal}").isNotNull();
      return c.count();
    }
    return registry.get("estuary.engine.fsyncs").tag("kind", kind).counter().count();
  }

  private record Counts(double wal, double data, double directory) {}

  private Counts counts() {
    return new Counts(fsyncs("wal"), fsyncs("data"), fsyncs("directory"));
  }

  private static Counts minus(Counts a, Counts b) {
    return new Counts(a.wal - b.wal, a.data - b.data, a.directory - b.directory);
  }

  /** Writes an unlinked object, then publishes it the cheap way; returns what that cost. */
  private Counts publish(String name, int size) {
    ObjectId id = v.createUnlinked(0644, Ownership.ROOT).id();
    try (FileHandle h = v.open(id, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[size]));
      v.setXattr(id, "user.etag", new byte[] {1, 2, 3}, XattrMode.UPSERT);
      Counts before = counts();
      h.syncData();
      v.link(id, v.root(), name, RenameMode.REPLACE);
      v.syncNamespace();
      return minus(counts(), before);
    }
  }

  @Test
  void inlineObject_costsOneWalFsync() {
    assertThat(publish("small", 4096)).isEqualTo(new Counts(1, 0, 0));
    // And again, into a volume that has seen it before.
    assertThat(publish("small2", 4096)).isEqualTo(new Counts(1, 0, 0));
  }

  @Test
  void largeObject_costsItsDataFsyncAndOneWalFsync_notOtherWritersFiles() {
    // Another writer with unsynced data in a data file of its own, open throughout.
    Attributes other = v.create(v.root(), "other", 0644, Ownership.ROOT, true);
    try (FileHandle o = v.open(other.id(), OpenMode.READ_WRITE)) {
      o.write(0, ByteBuffer.wrap(new byte[1 << 20]));

      Counts cost = publish("large", 1 << 20);
      assertThat(cost.wal()).isEqualTo(1);
      assertThat(cost.data()).as("data fsyncs: only the published object's").isEqualTo(1);
      // A new data file's directory entry must be durable too (fan-out directory, and the
      // volume's directories when the fan-out directory is new).
      assertThat(cost.directory()).isBetween(1.0, 3.0);

      o.write(0, ByteBuffer.wrap(new byte[] {7}));
      Counts before = counts();
      v.syncNamespace();
      assertThat(minus(counts(), before)).as("syncNamespace alone").isEqualTo(new Counts(1, 0, 0));

      // The full volume sync, by contrast, flushes the other writer's file: the meter sees it.
      before = counts();
      v.sync();
      assertThat(minus(counts(), before).data()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void syncDataAlone_neverFsyncsTheWal() {
    Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
    try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[100]));
      Counts before = counts();
      h.syncData();
      assertThat(minus(counts(), before)).isEqualTo(new Counts(0, 0, 0));
      // Outgrowing inline data that was stored: the data file is forced before the inode stops
      // pointing at the inline bytes (once per file), still without a WAL fsync.
      h.write(0, ByteBuffer.wrap(new byte[200_000]));
      before = counts();
      h.syncData();
      assertThat(minus(counts(), before).wal()).isZero();
      assertThat(minus(counts(), before).data()).isBetween(1.0, 2.0);
    }
    Attributes b = v.create(v.root(), "g", 0644, Ownership.ROOT, true);
    try (FileHandle h = v.open(b.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[200_000]));
      Counts before = counts();
      h.syncData();
      assertThat(minus(counts(), before).wal()).isZero();
      assertThat(minus(counts(), before).data()).isEqualTo(1);
    }
  }

  @Test
  void handleSync_stillFsyncsTheWal() {
    Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
    try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[100]));
      Counts before = counts();
      h.sync();
      assertThat(minus(counts(), before)).isEqualTo(new Counts(1, 0, 0));
    }
  }

  @Test
  void syncThroughANewHandle_flushesWhatAClosedHandleWrote() {
    // NFS writes with the anonymous stateid through a handle per WRITE, then COMMITs through another.
    Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
    try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[200_000]));
    }
    Counts before = counts();
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      h.sync();
    }
    Counts cost = minus(counts(), before);
    assertThat(cost.data()).as("the data file's fsync").isEqualTo(1);
    assertThat(cost.directory()).as("its new directory entries").isPositive();
    // Done once: a second sync has nothing left to flush.
    Counts again = counts();
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      h.sync();
    }
    assertThat(minus(counts(), again).data()).isZero();
  }
}

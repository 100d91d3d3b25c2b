package dev.estuary.dfs.engine.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import dev.estuary.dfs.decorate.ReservedNamesVolume;
import dev.estuary.dfs.decorate.StandardDecorators;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reserved-names decorator over the real engine, as the launcher applies it: reserved root
 * entries are hidden from listings and lookups and refused as names of every change, in any case;
 * only {@link ReservedNamesDfs#privileged} reaches them; other names and directories are
 * untouched.
 */
class ReservedNamesVolumeTest {
  /** The area and the spellings a hostile client would try; all name the same reserved entry. */
  private static final List<String> SPELLINGS = List.of(ReservedNames.S3_UPLOADS,
      ".ESTUARY-S3-UPLOADS", ".Estuary-S3-Uploads", ".estuary-other", ".ESTUARY-");

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Dfs dfs;
  private Volume v;
  private Volume privileged;
  private ObjectId area;

  @BeforeEach
  void open() {
    dfs = StandardDecorators.apply(new EngineProvider().open(
        new DfsProvider.Context(dir, Clock.systemUTC(), registry, Map.of())), registry);
    dfs.createVolume("vol", 0755, Ownership.ROOT);
    v = dfs.volume("vol");
    assertThat(v).isInstanceOf(ReservedNamesVolume.class);
    privileged = ReservedNamesDfs.privileged(v);
    // What S3 multipart keeps there: the area, an upload directory, a part.
    area = privileged.mkdirs(ReservedNames.S3_UPLOADS + "/upload1", 0700, Ownership.ROOT).id();
    Attributes part = v.create(area, "00001", 0600, Ownership.ROOT, true);
    try (FileHandle h = v.open(part.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
  }

  @AfterEach
  void close() {
    dfs.close();
  }

  private static void assertKind(ErrorKind kind, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DfsException.class,
        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
  }

  private List<String> listRoot(int pageSize) {
    List<String> names = new ArrayList<>();
    DirCursor c = DirCursor.START;
    while (true) {
      DirPage p = v.readdir(v.root(), c, pageSize, true);
      assertThat(p.entries().size()).isLessThanOrEqualTo(pageSize);
      if (!p.end()) {
        assertThat(p.entries()).as("a page short of its size only at the end").hasSize(pageSize);
      }
      p.entries().stream().map(DirEntry::name).forEach(names::add);
      if (p.end()) {
        return names;
      }
      c = p.next();
    }
  }

  @Test
  void readdirOfTheRoot_hidesReservedEntries_atEveryPageSize() {
    // Reserved entries sorted among ordinary ones (UTF-8 order: '.' < 'A' < 'a').
    for (String n : List.of(".a", ".estuary-other", ".ESTUARY-X", ".f", "Z", "b")) {
      privileged.create(privileged.root(), n, 0644, Ownership.ROOT, true);
    }
    for (int size : List.of(1, 2, 3, 1000)) {
      assertThat(listRoot(size)).as("page size %d", size).containsExactly(".a", ".f", "Z", "b");
    }
    assertThat(privileged.readdir(privileged.root(), DirCursor.START, 1000, false).entries())
        .extracting(DirEntry::name).contains(ReservedNames.S3_UPLOADS, ".estuary-other", ".ESTUARY-X");
  }

  @Test
  void lookupAndResolve_doNotFindReservedEntries_inAnyCase() {
    for (String n : SPELLINGS) {
      assertKind(ErrorKind.NOT_FOUND, () -> v.lookup(v.root(), n));
      assertKind(ErrorKind.NOT_FOUND, () -> v.resolve("/" + n + "/upload1/00001", true));
      assertKind(ErrorKind.NOT_FOUND, () -> v.resolve("x/../" + n, true));
    }
    assertThat(privileged.lookup(privileged.root(), ReservedNames.S3_UPLOADS).isDirectory()).isTrue();
  }

  @Test
  void everyChangeOfAReservedRootName_isAccessDenied() {
    Attributes file = v.create(v.root(), "file", 0644, Ownership.ROOT, true);
    ObjectId unlinked = v.createUnlinked(0644, Ownership.ROOT).id();
    for (String n : SPELLINGS) {
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.create(v.root(), n, 0644, Ownership.ROOT, false));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.mkdir(v.root(), n, 0755, Ownership.ROOT));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.mkdirs(n + "/a", 0755, Ownership.ROOT));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.symlink(v.root(), n, "file", Ownership.ROOT));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.link(unlinked, v.root(), n, RenameMode.REPLACE));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.remove(v.root(), n, RemoveKind.ANY));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.rename(v.root(), "file", v.root(), n, RenameMode.REPLACE));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.rename(v.root(), n, v.root(), "stolen", RenameMode.REPLACE));
      assertKind(ErrorKind.ACCESS_DENIED, () -> v.rename(v.root(), n, v.root(), "file", RenameMode.EXCHANGE));
    }
    // Nothing changed: the area and its part are where they were, the file is still a file.
    assertThat(privileged.lookup(area, "00001").size()).isEqualTo(3);
    assertThat(v.lookup(v.root(), "file").id()).isEqualTo(file.id());
    assertThat(listRoot(1000)).containsExactly("file");
  }

  @Test
  void locationOfTheAreaItself_isStale_andOtherNamesAreUntouched() {
    ObjectId areaDir = privileged.lookup(privileged.root(), ReservedNames.S3_UPLOADS).id();
    assertKind(ErrorKind.STALE, () -> v.location(areaDir));
    // Below the root the prefix means nothing: an S3 key or a user directory may use it.
    ObjectId sub = v.mkdir(v.root(), "sub", 0755, Ownership.ROOT).id();
    Attributes inner = v.mkdir(sub, ReservedNames.S3_UPLOADS, 0755, Ownership.ROOT);
    assertThat(v.lookup(sub, ".ESTUARY-S3-UPLOADS".toLowerCase()).id()).isEqualTo(inner.id());
    assertThat(v.location(inner.id()).orElseThrow().name()).isEqualTo(ReservedNames.S3_UPLOADS);
    assertThat(v.resolve("sub/" + ReservedNames.S3_UPLOADS, true).id()).isEqualTo(inner.id());
    v.rename(sub, ReservedNames.S3_UPLOADS, sub, "renamed", RenameMode.NO_REPLACE);
    v.remove(sub, "renamed", RemoveKind.DIRECTORY);
  }

  @Test
  void privilegedOfAnUndecoratedVolume_isThatVolume() {
    Volume raw = ((ReservedNamesVolume) v).delegate();
    assertThat(ReservedNamesDfs.privileged(raw)).isSameAs(raw);
  }

  @Test
  void metricsDecorator_countsCallsAndBytes() {
    double lookups = registry.get("estuary.dfs.ops").tag("op", "lookup").counter().count();
    double written = registry.get("estuary.dfs.bytes").tag("direction", "written").counter().count();
    Attributes f = v.create(v.root(), "m", 0644, Ownership.ROOT, true);
    v.lookup(v.root(), "m");
    try (FileHandle h = v.open(f.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[10]));
      h.syncData();
    }
    v.syncNamespace();
    assertThat(registry.get("estuary.dfs.ops").tag("op", "lookup").counter().count()).isEqualTo(lookups + 1);
    assertThat(registry.get("estuary.dfs.bytes").tag("direction", "written").counter().count())
        .isEqualTo(written + 10);
    assertThat(registry.get("estuary.dfs.ops").tag("op", "sync_data").counter().count()).isEqualTo(1);
    assertThat(registry.get("estuary.dfs.ops").tag("op", "sync_namespace").counter().count()).isEqualTo(1);
  }
}

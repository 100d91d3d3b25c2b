package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Authorizer;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.MasterKeys;
import dev.estuary.core.Principal;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesVolume;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.sse.Encryption;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PUT that replaces the current version of a key in a versioned bucket stops between moving the
 * current version into the version area and linking the new one: nothing acknowledged is lost
 * ({@link Versions}). A failure there (an exception) puts the old version back at the key; a
 * crash (the process stops, here an {@link Error} and a restart of the engine) leaves it in the
 * area, found by its id and listed as the latest.
 */
class VersionsCrashTest {
  @TempDir Path tmp;

  private static final KeyPath KEY = KeyPath.parse("d/k");
  private static final Principal ROOT = new Principal("root", 0, 0, true, Map.of());

  /** What a crash does to the request in flight: it never returns. */
  private static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  private Dfs open() {
    return new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
  }

  /** The volume as frontends see it, whose {@code link} fails as {@code failure} says. */
  private static Volume failingLink(Volume engine, Supplier<? extends Throwable> failure) {
    return new ReservedNamesVolume(new ForwardingVolume(engine) {
      @Override
      public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
        Throwable t = failure.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
    });
  }

  private static String put(Versions versions, Store store, Volume v, String body) {
    CheckedVolume cv = new AccessChecker(new Authorizer()).open(v, ROOT);
    Attributes tmp = cv.createUnlinked(0644, Ownership.ROOT);
    try (FileHandle h = cv.open(tmp.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
      ObjectMeta sealed = ObjectWriter.seal(cv, h, ObjectMeta.EMPTY.withContent(null, null, null,
          null, List.of()));
      return versions.publish(store, v, cv, h, sealed, KEY, RenameMode.REPLACE).versionId();
    }
  }

  private static String read(Volume v, Versions.Version x) {
    try (FileHandle h = v.open(x.attributes().id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) x.attributes().size());
      h.read(0, b);
      return new String(b.array(), StandardCharsets.UTF_8);
    }
  }

  private Store store(Dfs dfs) {
    return new Store(dfs, new Authorizer(), Clock.systemUTC(), S3Settings.of("us-east-1", null),
        new Encryption(MasterKeys.open(tmp, new SecureRandom()), new SecureRandom(), false));
  }

  @Test
  void aFailedLinkPutsTheOldVersionBack() {
    try (Dfs dfs = open()) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
      Volume v = new ReservedNamesVolume(dfs.volume("vol"));
      Versions.setState(v, Versions.State.ENABLED);
      Versions versions = new Versions();
      String v1 = put(versions, store(dfs), v, "one");
      Volume failing = failingLink(dfs.volume("vol"),
          () -> new DfsException(ErrorKind.IO_ERROR, "injected"));
      assertThatThrownBy(() -> put(versions, store(dfs), failing, "two"))
          .isInstanceOf(DfsException.class).hasMessageContaining("injected");
      Versions.Version cur = Versions.current(v, KEY).orElseThrow();
      assertThat(cur.versionId()).isEqualTo(v1);
      assertThat(read(v, cur)).isEqualTo("one");
      assertThat(Versions.list(v, KEY)).hasSize(1);
    }
  }

  @Test
  void aCrashBetweenArchivingAndLinkingLosesNothing() {
    String v1;
    try (Dfs dfs = open()) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
      Volume v = new ReservedNamesVolume(dfs.volume("vol"));
      Versions.setState(v, Versions.State.ENABLED);
      Versions versions = new Versions();
      v1 = put(versions, store(dfs), v, "one");
      Volume crashing = failingLink(dfs.volume("vol"), Crash::new);
      assertThatThrownBy(() -> put(versions, store(dfs), crashing, "two"))
          .isInstanceOf(Crash.class);
    }
    try (Dfs dfs = open()) {
      Volume v = new ReservedNamesVolume(dfs.volume("vol"));
      Versions.Version x = Versions.find(v, KEY, v1).orElseThrow();
      assertThat(read(v, x)).isEqualTo("one");
      assertThat(Versions.latest(v, KEY).orElseThrow().versionId()).isEqualTo(v1);
      assertThat(Versions.list(v, KEY)).extracting(Versions.Version::versionId)
          .containsExactly(v1);
      // The next PUT makes a new current version on top of it.
      String v2 = put(new Versions(), store(dfs), v, "two");
      assertThat(Versions.list(v, KEY)).extracting(Versions.Version::versionId)
          .containsExactly(v2, v1);
    }
  }
}

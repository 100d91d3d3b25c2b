package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.s3.internal.access.BucketAccess;
import dev.estuary.s3.internal.sse.Encryption;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RootSettings}: the settings every request asks (versioning, Object Lock, default
 * encryption, CORS, lifecycle, access settings, volume defaults) are read from the backend once
 * per change of the volume root, and a change made past the cache (another gateway process,
 * another protocol, the CLI: anything that writes the volume directly) is seen by the next read.
 */
class RootSettingsTest {
  @TempDir Path tmp;

  /** Counts the attribute reads of the root that reach the backend. */
  private static final class Counting extends ForwardingVolume {
    final List<String> reads = new ArrayList<>();
    /** Reads of the root's attributes (its change counter). */
    int rootAttributes;

    Counting(Volume v) {
      super(v);
    }

    @Override
    public Attributes getAttributes(ObjectId id) {
      if (id.equals(root())) {
        rootAttributes++;
      }
      return super.getAttributes(id);
    }

    @Override
    public List<String> listXattrs(ObjectId id) {
      if (id.equals(root())) {
        reads.add("list");
      }
      return super.listXattrs(id);
    }

    @Override
    public byte[] getXattr(ObjectId id, String name) {
      if (id.equals(root())) {
        reads.add("get " + name);
      }
      return super.getXattr(id, name);
    }
  }

  private Dfs open() {
    return new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
  }

  /** What a PutObject reads of its bucket's settings. */
  private static void readAll(Volume v) {
    BucketAccess.read(v);
    VolumeDefaults.read(v);
    ObjectLock.configuration(v);
    Encryption.bucketDefault(v);
    Versions.state(v);
    BucketLifecycle.read(v);
    BucketCors.read(v);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void repeatedReads_reachTheBackendOncePerChangeOfTheRoot() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Volume direct = dfs.volume("bkt");
      new VolumeDefaults(0640, 0750, 7).write(direct);
      direct.setXattr(direct.root(), Encryption.BUCKET_XATTR, utf8("<doc/>"), XattrMode.UPSERT);
      Counting counting = new Counting(direct);
      RootSettings cache = new RootSettings();

      for (int request = 0; request < 5; request++) {
        readAll(cache.wrap(counting));
      }

      assertThat(counting.reads).containsExactly("list", "get " + VolumeDefaults.XATTR,
          "get " + Encryption.BUCKET_XATTR);
      assertThat(VolumeDefaults.read(cache.wrap(counting))).isEqualTo(
          new VolumeDefaults(0640, 0750, 7));
      assertThat(Encryption.bucketDefault(cache.wrap(counting))).hasValue(utf8("<doc/>"));
    }
  }

  @Test
  void aChangeMadePastTheCache_isSeenByTheNextRead() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Volume direct = dfs.volume("bkt");
      RootSettings cache = new RootSettings();
      Volume cached = cache.wrap(direct);
      assertThat(Versions.state(cached)).isEqualTo(Versions.State.UNVERSIONED);
      assertThat(Encryption.bucketDefault(cached)).isEmpty();

      Versions.setState(direct, Versions.State.ENABLED);
      assertThat(Versions.state(cached)).isEqualTo(Versions.State.ENABLED);

      direct.setXattr(direct.root(), Versions.STATE_XATTR, utf8("Suspended"), XattrMode.UPSERT);
      assertThat(Versions.state(cache.wrap(dfs.volume("bkt"))))
          .isEqualTo(Versions.State.SUSPENDED);

      direct.setXattr(direct.root(), Encryption.BUCKET_XATTR, utf8("<a/>"), XattrMode.UPSERT);
      assertThat(Encryption.bucketDefault(cached)).hasValue(utf8("<a/>"));
      direct.setXattr(direct.root(), Encryption.BUCKET_XATTR, utf8("<b/>"), XattrMode.UPSERT);
      assertThat(Encryption.bucketDefault(cached)).hasValue(utf8("<b/>"));
      direct.removeXattr(direct.root(), Encryption.BUCKET_XATTR);
      assertThat(Encryption.bucketDefault(cached)).isEmpty();
      assertThatThrownBy(() -> cached.getXattr(cached.root(), Encryption.BUCKET_XATTR))
          .isInstanceOfSatisfying(DfsException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_SUCH_XATTR));
    }
  }

  @Test
  void aVolumeDeletedAndCreatedAgain_getsItsOwnSettings() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      RootSettings cache = new RootSettings();
      Versions.setState(dfs.volume("bkt"), Versions.State.ENABLED);
      assertThat(Versions.state(cache.wrap(dfs.volume("bkt")))).isEqualTo(Versions.State.ENABLED);

      dfs.deleteVolume("bkt", false);
      dfs.createVolume("bkt", 0755, Ownership.ROOT);

      assertThat(Versions.state(cache.wrap(dfs.volume("bkt"))))
          .isEqualTo(Versions.State.UNVERSIONED);
    }
  }

  @Test
  void unwrap_givesBackTheVolumeSoTheReservedAreasStayReachable() {
    try (Dfs dfs = new ReservedNamesDfs(open())) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Volume decorated = dfs.volume("bkt");
      Volume cached = new RootSettings().wrap(decorated);
      assertThat(RootSettings.unwrap(cached)).isSameAs(decorated);
      assertThat(RootSettings.unwrap(decorated)).isSameAs(decorated);
      assertThat(Uploads.area(cached)).isEqualTo(Uploads.existingArea(cached).orElseThrow());
    }
  }

  @Test
  void otherObjects_andTheirValues_areNotCached() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Volume direct = dfs.volume("bkt");
      Attributes f = direct.create(direct.root(), "k", 0644, Ownership.ROOT, true);
      Volume cached = new RootSettings().wrap(direct);
      direct.setXattr(f.id(), "user.a", utf8("1"), XattrMode.UPSERT);
      assertThat(cached.getXattr(f.id(), "user.a")).isEqualTo(utf8("1"));
      direct.setXattr(f.id(), "user.a", utf8("2"), XattrMode.UPSERT);
      assertThat(cached.getXattr(f.id(), "user.a")).isEqualTo(utf8("2"));
      assertThat(cached.listXattrs(f.id())).containsExactly("user.a");

      // The caller may scribble on what it got: the cached value stays as stored.
      direct.setXattr(direct.root(), Versions.STATE_XATTR, utf8("Enabled"), XattrMode.UPSERT);
      cached.getXattr(cached.root(), Versions.STATE_XATTR)[0] = 'X';
      assertThat(cached.getXattr(cached.root(), Versions.STATE_XATTR)).isEqualTo(utf8("Enabled"));
    }
  }

  @Test
  void oneRequest_opensItsBucketOnce_andReadsTheCounterOnce() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Counting counting = new Counting(dfs.volume("bkt"));
      List<String> opened = new ArrayList<>();
      RootSettings shared = new RootSettings();

      RootSettings request = shared.forRequest();
      for (int reader = 0; reader < 3; reader++) {
        readAll(request.open("bkt", name -> {
          opened.add(name);
          return counting;
        }));
      }
      assertThat(opened).containsExactly("bkt");
      assertThat(counting.rootAttributes).isEqualTo(1);

      // The next request checks the counter again (and finds the snapshot still good).
      readAll(shared.forRequest().open("bkt", name -> counting));
      assertThat(counting.rootAttributes).isEqualTo(2);
      assertThat(counting.reads).containsExactly("list");

      // Outside a request every answer checks the counter, as before.
      readAll(shared.open("bkt", name -> counting));
      assertThat(counting.rootAttributes).isGreaterThan(3);
    }
  }

  @Test
  void withinARequest_itsOwnWriteIsSeen_andAChangeByOthersAtTheNextRequest() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Volume direct = dfs.volume("bkt");
      RootSettings shared = new RootSettings();
      Volume mine = shared.forRequest().open("bkt", dfs::volume);
      assertThat(Versions.state(mine)).isEqualTo(Versions.State.UNVERSIONED);

      // Another process writes: this request goes on with what it checked.
      Versions.setState(direct, Versions.State.ENABLED);
      assertThat(Versions.state(mine)).isEqualTo(Versions.State.UNVERSIONED);
      assertThat(Versions.state(shared.forRequest().open("bkt", dfs::volume)))
          .isEqualTo(Versions.State.ENABLED);

      // The root's attributes too, until the request changes the root.
      Attributes seen = mine.getAttributes(mine.root());
      direct.create(direct.root(), "by-others", 0644, Ownership.ROOT, true);
      assertThat(mine.getAttributes(mine.root())).isSameAs(seen);
      mine.create(mine.root(), "by-me", 0644, Ownership.ROOT, true);
      assertThat(mine.getAttributes(mine.root()).change()).isGreaterThan(seen.change());

      // The request writes a setting through its bucket: its next read sees it.
      mine.setXattr(mine.root(), Encryption.BUCKET_XATTR, utf8("<a/>"), XattrMode.UPSERT);
      assertThat(Encryption.bucketDefault(mine)).hasValue(utf8("<a/>"));
      assertThat(Versions.state(mine)).isEqualTo(Versions.State.ENABLED);
      mine.removeXattr(mine.root(), Encryption.BUCKET_XATTR);
      assertThat(Encryption.bucketDefault(mine)).isEmpty();
    }
  }

  @Test
  void aBucketThatCannotBeOpened_isNotKeptByTheRequest() {
    try (Dfs dfs = open()) {
      RootSettings request = new RootSettings().forRequest();
      assertThatThrownBy(() -> request.open("bkt", dfs::volume))
          .isInstanceOfSatisfying(DfsException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      assertThat(request.open("bkt", dfs::volume).name()).isEqualTo("bkt");
    }
  }
}

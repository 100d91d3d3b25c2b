package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.EncryptedObjects;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.s3.internal.access.BucketAccess;
import dev.estuary.s3.internal.sse.Encryption;
import dev.estuary.s3.internal.sse.SseRecord;
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
 * The bucket settings and object records asked on every PUT, GET and HEAD (versioning state,
 * Object Lock configuration, default encryption, CORS, lifecycle, access settings, an object's
 * encryption record) are read without the backend reporting an absent attribute
 * ({@link ErrorKind#NO_SUCH_XATTR}, an exception with a stack trace) when the bucket or object
 * has none ({@link Xattrs}), and are still read when present.
 */
class AbsentSettingsTest {
  @TempDir Path tmp;

  /** Records every attribute read that the backend answered with NO_SUCH_XATTR. */
  private static final class Probes extends ForwardingVolume {
    final List<String> absent = new ArrayList<>();

    Probes(Volume v) {
      super(v);
    }

    @Override
    public byte[] getXattr(ObjectId id, String name) {
      try {
        return super.getXattr(id, name);
      } catch (DfsException e) {
        if (e.kind() == ErrorKind.NO_SUCH_XATTR) {
          absent.add(name);
        }
        throw e;
      }
    }
  }

  private Dfs open() {
    return new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
  }

  private static void readAll(Volume v, ObjectId object) {
    Versions.state(v);
    ObjectLock.configuration(v);
    Encryption.bucketDefault(v);
    BucketCors.read(v);
    BucketLifecycle.read(v);
    BucketAccess.read(v);
    Encryption.record(v, object);
  }

  @Test
  void aBucketWithoutSettingsCostsNoAbsentAttributeError() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Probes v = new Probes(dfs.volume("bkt"));
      Attributes object = v.create(v.root(), "k", 0644, Ownership.ROOT, true);

      readAll(v, object.id());

      assertThat(v.absent).isEmpty();
      assertThat(Versions.state(v)).isEqualTo(Versions.State.UNVERSIONED);
      assertThat(ObjectLock.configuration(v)).isEmpty();
      assertThat(Encryption.bucketDefault(v)).isEmpty();
      assertThat(BucketCors.read(v)).isEmpty();
      assertThat(BucketLifecycle.read(v)).isEmpty();
      assertThat(Encryption.record(v, object.id())).isEmpty();
    }
  }

  @Test
  void settingsThatArePresentAreStillRead() {
    try (Dfs dfs = open()) {
      dfs.createVolume("bkt", 0755, Ownership.ROOT);
      Probes v = new Probes(dfs.volume("bkt"));
      Attributes object = v.create(v.root(), "k", 0644, Ownership.ROOT, true);
      Versions.setState(v, Versions.State.SUSPENDED);
      byte[] doc = "<ServerSideEncryptionConfiguration/>".getBytes(StandardCharsets.UTF_8);
      v.setXattr(v.root(), Encryption.BUCKET_XATTR, doc, XattrMode.UPSERT);
      v.setXattr(v.root(), BucketCors.XATTR, doc, XattrMode.UPSERT);
      SseRecord record = new SseRecord(SseRecord.Scheme.APPLIANCE, new byte[0], 1, new byte[32],
          List.of());
      v.setXattr(object.id(), EncryptedObjects.XATTR, record.encode(), XattrMode.UPSERT);

      readAll(v, object.id());

      assertThat(v.absent).isEmpty();
      assertThat(Versions.state(v)).isEqualTo(Versions.State.SUSPENDED);
      assertThat(Encryption.bucketDefault(v)).hasValue(doc);
      assertThat(BucketCors.read(v)).hasValue(doc);
      assertThat(Encryption.record(v, object.id())).get()
          .extracting(SseRecord::scheme).isEqualTo(SseRecord.Scheme.APPLIANCE);
    }
  }
}

package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.UploadRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What S3 stores survives a restart of the engine: an object's ETag stays valid (its size and
 * modify-time fingerprint read back exactly), and an upload in progress is still found.
 */
class DurabilityAcrossRestartTest {
  @TempDir Path tmp;

  Dfs open() {
    return new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
  }

  @Test
  void etagAndUploadsSurviveRestart() {
    KeyPath key = KeyPath.parse("dir/obj.bin");
    String uploadId;
    try (Dfs dfs = open()) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
      Volume v = dfs.volume("vol");
      Attributes tmpObj = v.createUnlinked(0644, Ownership.ROOT);
      try (FileHandle h = v.open(tmpObj.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[200_000]));
        ObjectMeta m = ObjectMeta.EMPTY.withContent("0123456789abcdef0123456789abcdef", null,
            null, null, List.of());
        ObjectWriter.seal(v, h, m);
        ObjectWriter.publish(new dev.estuary.core.AccessChecker(new dev.estuary.core.Authorizer())
            .open(v, new dev.estuary.core.Principal("root", 0, 0, true, Map.of())), h, key,
            RenameMode.REPLACE);
      }
      Attributes a = Store.find(v, key).attributes();
      assertThat(Store.etag(a, Store.meta(v, a))).isEqualTo("0123456789abcdef0123456789abcdef");
      uploadId = "0123456789abcdef0123456789abcdef";
      var dir = v.mkdir(Uploads.area(v), uploadId, 0700, Ownership.ROOT);
      v.setXattr(dir.id(), UploadRecord.XATTR,
          new UploadRecord("dir/up", 1, null, null, ObjectMeta.EMPTY).encode(),
          dev.estuary.dfs.XattrMode.UPSERT);
      v.sync();
    }
    try (Dfs dfs = open()) {
      Volume v = dfs.volume("vol");
      Attributes a = Store.find(v, key).attributes();
      assertThat(a.size()).isEqualTo(200_000);
      assertThat(Store.etag(a, Store.meta(v, a))).isEqualTo("0123456789abcdef0123456789abcdef");
      assertThat(Uploads.find(v, uploadId, "dir/up").record().key()).isEqualTo("dir/up");
    }
  }
}

package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dataset.internal.ops.StatusMap;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.ReadRangeRequest;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dfs.EncryptedObjects;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.XattrMode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object S3 encrypted (marked {@link EncryptedObjects#XATTR}, as S3 marks it before linking)
 * cannot be read through the dataset service, which could only hand out ciphertext: Get, GetBatch,
 * ReadRange and ReadCheckpoint are PERMISSION_DENIED with the ACCESS_DENIED trailer and a message
 * saying the object is S3-encrypted. Stat still answers (its stored size), and plain files read.
 */
class EncryptedObjectTest {
  @TempDir Path tmp;
  private DatasetFixture f;
  private byte[] ciphertext;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
    f.write("plain.bin", 100);
    ciphertext = f.write("enc.bin", 300);
    f.volume.setXattr(f.volume.resolve("enc.bin", false).id(), EncryptedObjects.XATTR,
        new byte[] {1}, XattrMode.UPSERT);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static void assertRefused(Runnable call, String what) {
    assertThatThrownBy(call::run).as(what).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as("%s: %s", what, e.getStatus())
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).contains("S3-encrypted");
      assertThat(e.getTrailers().get(StatusMap.ERROR_KIND)).isEqualTo("ACCESS_DENIED");
    });
  }

  @Test
  void readsOfAnEncryptedObjectAreRefused() {
    var s = f.blocking(f.rootToken);
    String v = DatasetFixture.VOLUME;
    assertRefused(() -> s.get(GetRequest.newBuilder().setVolume(v).setPath("enc.bin").build())
        .forEachRemaining(r -> { }), "Get");
    assertRefused(() -> s.getBatch(GetBatchRequest.newBuilder().setVolume(v).addPaths("plain.bin")
        .addPaths("enc.bin").build()).forEachRemaining(r -> { }), "GetBatch");
    assertRefused(() -> s.readRange(ReadRangeRequest.newBuilder().setVolume(v).setPath("enc.bin")
        .setLength(10).build()).forEachRemaining(r -> { }), "ReadRange");
    assertRefused(() -> s.readCheckpoint(ReadCheckpointRequest.newBuilder().setVolume(v)
        .setPath("enc.bin").build()).forEachRemaining(r -> { }), "ReadCheckpoint");
    assertThat(s.stat(StatRequest.newBuilder().setVolume(v).setPath("enc.bin").build()).getSize())
        .isEqualTo(300);
    s.get(GetRequest.newBuilder().setVolume(v).setPath("plain.bin").build()).forEachRemaining(r -> { });
    try (FileHandle h = f.volume.open(f.volume.resolve("enc.bin", false).id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate(300);
      while (b.hasRemaining() && h.read(b.position(), b) >= 0) {
        // until full
      }
      assertThat(b.array()).isEqualTo(ciphertext);
    }
  }
}

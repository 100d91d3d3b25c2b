package dev.estuary.s3.internal.ops;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Authorizer;
import dev.estuary.core.Principal;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.UploadRecord;
import dev.estuary.s3.internal.error.S3Exception;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim left by a CompleteMultipartUpload whose process stopped, settled after the engine is
 * opened again: withdrawn when the claimed object was never published (the engine dropped it),
 * completing the upload when it was.
 */
class UploadClaimsTest {
  static final String ID = "0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;

  Dfs open() {
    return new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
  }

  static Uploads.Upload upload(Volume v) {
    Attributes dir = v.mkdir(Uploads.area(v), ID, 0700, Ownership.ROOT);
    v.setXattr(dir.id(), UploadRecord.XATTR,
        new UploadRecord("k", 1, null, null, ObjectMeta.EMPTY).encode(), XattrMode.UPSERT);
    return Uploads.find(v, ID, "k");
  }

  /** The object a Complete assembled: sealed, marked as completed from the upload. */
  static FileHandle assembled(Volume v) {
    Attributes a = v.createUnlinked(0644, Ownership.ROOT);
    FileHandle h = v.open(a.id(), OpenMode.READ_WRITE);
    h.write(0, ByteBuffer.wrap("whole object".getBytes(StandardCharsets.UTF_8)));
    v.setXattr(h.id(), CompleteMultipartUploadOp.COMPLETED_XATTR,
        ID.getBytes(StandardCharsets.US_ASCII), XattrMode.UPSERT);
    ObjectWriter.seal(v, h, ObjectMeta.EMPTY.withContent("0123456789abcdef0123456789abcdef-2",
        null, null, null, List.of(6L, 6L)));
    return h;
  }

  @Test
  void claimOfAnObjectNeverPublishedIsWithdrawnAfterRestart() {
    ObjectId claimed;
    try (Dfs dfs = open()) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
      Volume v = dfs.volume("vol");
      Uploads.Upload u = upload(v);
      try (FileHandle h = assembled(v)) {
        claimed = h.id();
        UploadClaims.claim(v, u, claimed);
        // A second claim of a claimed upload is refused (what a second process would meet).
        assertThatThrownBy(() -> UploadClaims.claim(v, u, claimed))
            .isInstanceOfSatisfying(DfsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.EXISTS));
        v.sync();
      } // the process stops before the publish
    }
    try (Dfs dfs = open()) {
      Volume v = dfs.volume("vol");
      Uploads.Upload u = Uploads.find(v, ID, "k");
      assertThat(v.getXattr(u.dir(), UploadClaims.XATTR)).isEqualTo(claimed.toBytes());
      assertThat(UploadClaims.settle(v, u)).isFalse();
      assertThatThrownBy(() -> v.getXattr(u.dir(), UploadClaims.XATTR))
          .isInstanceOfSatisfying(DfsException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_SUCH_XATTR));
      // The upload is in progress again: it can be claimed by the next Complete.
      UploadClaims.claim(v, Uploads.find(v, ID, "k"), new ObjectId(7, 7));
    }
  }

  @Test
  void claimOfAPublishedObjectCompletesTheUploadAfterRestart() {
    try (Dfs dfs = open()) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
      Volume v = dfs.volume("vol");
      Uploads.Upload u = upload(v);
      try (FileHandle h = assembled(v)) {
        UploadClaims.claim(v, u, h.id());
        ObjectWriter.publish(new AccessChecker(new Authorizer())
            .open(v, new Principal("root", 0, 0, true, Map.of())), h, KeyPath.parse("k"), RenameMode.REPLACE);
      } // the process stops before removing the upload
    }
    try (Dfs dfs = open()) {
      Volume v = dfs.volume("vol");
      Uploads.Upload u = Uploads.find(v, ID, "k");
      assertThat(UploadClaims.settle(v, u)).isTrue();
      assertThatThrownBy(() -> Uploads.find(v, ID, "k")).isInstanceOfSatisfying(
          S3Exception.class, e -> assertThat(e.errorCode().code()).isEqualTo("NoSuchUpload"));
      assertThat(Uploads.existingArea(v)).as("the last upload took the area with it").isEmpty();
      assertThat(Store.find(v, KeyPath.parse("k")).attributes().size()).isEqualTo(12);
    }
  }
}

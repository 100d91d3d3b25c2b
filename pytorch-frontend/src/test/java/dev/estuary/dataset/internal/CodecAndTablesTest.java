package dev.estuary.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dataset.internal.codec.CheckpointLimits;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.internal.codec.ScanBatchBuilder;
import dev.estuary.dataset.internal.codec.ServiceLimits;
import dev.estuary.dataset.internal.ops.BackendError;
import dev.estuary.dataset.internal.ops.StatusMap;
import dev.estuary.dataset.internal.server.DatasetOptions;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Path parsing, limits, scan batch packing, options and the ErrorKind → status table. */
class CodecAndTablesTest {

  @Test
  void relPathSplitsParentAndNameAndRefusesBadPaths() {
    assertThat(RelPath.parse("path", "/a/b/c.jpg/")).isEqualTo(new RelPath("a/b/c.jpg", "a/b", "c.jpg"));
    assertThat(RelPath.parse("path", "x")).isEqualTo(new RelPath("x", "", "x"));
    assertThat(RelPath.parse("path", "").isRoot()).isTrue();
    assertThat(RelPath.parse("path", "a//b").components()).containsExactly("a", "b");
    assertThatThrownBy(() -> RelPath.parse("path", "a".repeat(4097)))
        .isInstanceOf(RequestException.class).hasMessageContaining("expected: <= 4096");
    assertThatThrownBy(() -> RelPath.parse("path", "a\0b")).hasMessageContaining("NUL");
    assertThat(RelPath.parsePlain("path", "ck/e1.pt").parent()).isEqualTo("ck");
    assertThat(RelPath.parsePlain("path", "/ck/e1.pt").text()).as("one leading '/' is allowed").isEqualTo("ck/e1.pt");
    for (String bad : new String[] {"", "/", "a//b", "a/./b", "../x", "a/..", "//x", "x/", "ck//", "///ck/x"}) {
      assertThatThrownBy(() -> RelPath.parsePlain("path", bad)).as(bad)
          .isInstanceOfSatisfying(RequestException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
  }

  @Test
  void limitsAreCheckedWithNamedValues() {
    ServiceLimits l = ServiceLimits.defaults();
    assertThat(l.chunkSize(0)).isEqualTo(1 << 20);
    assertThat(l.chunkSize(4096)).isEqualTo(4096);
    assertThatThrownBy(() -> l.chunkSize((4 << 20) + 1)).isInstanceOfSatisfying(RequestException.class,
        e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
        .hasMessageContaining("chunk_size: 4194305");
    assertThatThrownBy(() -> l.chunkSize(-1)).hasMessageContaining("chunk_size: 4294967295");
    assertThat(l.scanBatch(0)).isEqualTo(1000);
    assertThatThrownBy(() -> l.checkBatchPaths(4097)).hasMessageContaining("paths: 4097 entries");
    assertThatThrownBy(() -> new ServiceLimits(1 << 20, 1 << 20, 1 << 20, 1, 1, 1))
        .hasMessageContaining("max-chunk-bytes");
    assertThatThrownBy(() -> ServiceLimits.fromOptions(Map.of("max-batch-paths", "lots")))
        .hasMessageContaining("dataset.max-batch-paths: 'lots'");
  }

  @Test
  void echoedValuesAndMessagesAreBounded() {
    assertThat(Echo.quote("train")).isEqualTo("'train'");
    String q = Echo.quote("v".repeat(10_000));
    assertThat(q).startsWith("'vvv").endsWith("...' (10000 chars)").hasSizeLessThan(Echo.MAX_CHARS + 30);
    // A surrogate pair is never split.
    String pairs = "\uD83D\uDE00".repeat(300);
    assertThat(Echo.quote(pairs)).doesNotContain("\uD83D...");
    assertThat(Echo.bound("m".repeat(100))).hasSize(100);
    assertThat(Echo.bound("a".repeat(3000) + "(expected: x)")).hasSizeLessThanOrEqualTo(Echo.MAX_MESSAGE_CHARS)
        .endsWith("(expected: x)").contains(" ... ");
  }

  @Test
  void checkpointLimitsHaveDefaultsAndNamedErrors() {
    CheckpointLimits d = DatasetOptions.fromOptions(Map.of(), 2).checkpoints();
    assertThat(d).isEqualTo(CheckpointLimits.defaults());
    assertThat(d.maxBytes()).isEqualTo(64L << 30);
    assertThat(d.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    CheckpointLimits c = DatasetOptions.fromOptions(Map.of("max-checkpoint-bytes", "1048576",
        "max-checkpoint-bytes-per-user", "2097152", "checkpoint-idle-timeout", "90s"), 2).checkpoints();
    assertThat(c).isEqualTo(new CheckpointLimits(1 << 20, 2 << 20, java.time.Duration.ofSeconds(90)));
    assertThat(CheckpointLimits.fromOptions(Map.of("checkpoint-idle-timeout", "500ms")).idleTimeout())
        .isEqualTo(java.time.Duration.ofMillis(500));
    assertThatThrownBy(() -> CheckpointLimits.fromOptions(Map.of("checkpoint-idle-timeout", "soon")))
        .hasMessageContaining("dataset.checkpoint-idle-timeout: 'soon'");
    assertThatThrownBy(() -> CheckpointLimits.fromOptions(Map.of("max-checkpoint-bytes", "0")))
        .hasMessageContaining("expected: each > 0");
  }

  @Test
  void optionsRefuseUnknownKeysAndHalfTls() {
    assertThat(DatasetOptions.fromOptions(Map.of(), 2).ioThreads()).isEqualTo(8);
    assertThatThrownBy(() -> DatasetOptions.fromOptions(Map.of("max-bach-paths", "1"), 2))
        .hasMessageContaining("unknown [max-bach-paths]");
    assertThatThrownBy(() -> DatasetOptions.fromOptions(Map.of("tls-cert", "/etc/hostname"), 2))
        .hasMessageContaining("only one is set");
  }

  @Test
  void scanBatchesArePackedAsColumnsAndCutByCount() {
    ScanBatchBuilder b = new ScanBatchBuilder(3, true);
    assertThat(b.add("a", 1, 1, 2)).isFalse();
    assertThat(b.add("b/c", 2, 3, 4)).isFalse();
    assertThat(b.add("d", 3, 5, 6)).isTrue();
    ScanResponse m = b.take().build();
    assertThat(m.getPathsList()).containsExactly("a", "b/c", "d");
    assertThat(m.getSizesList()).containsExactly(1L, 2L, 3L);
    ByteBuffer ids = m.getObjectIds().asReadOnlyByteBuffer();
    assertThat(new long[] {ids.getLong(), ids.getLong(), ids.getLong(), ids.getLong(), ids.getLong(), ids.getLong()})
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(b.size()).isZero();
    assertThat(b.take().build().getPathsCount()).isZero();
    ScanBatchBuilder noIds = new ScanBatchBuilder(100_000, false);
    boolean full = false;
    int n = 0;
    while (!full) {
      full = noIds.add("p".repeat(200), 0, 0, 0);
      n++;
    }
    assertThat(n).as("cut near 1 MiB").isBetween(4000, 5000);
    assertThat(noIds.take().build().getObjectIds().isEmpty()).isTrue();
  }

  @Test
  void everyErrorKindHasOneStatusAndTheTrailerNamesIt() {
    assertThat(StatusMap.code(ErrorKind.NOT_FOUND)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusMap.code(ErrorKind.ACCESS_DENIED)).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(StatusMap.code(ErrorKind.EXISTS)).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(StatusMap.code(ErrorKind.NO_SPACE)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(StatusMap.code(ErrorKind.BUSY)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMap.code(ErrorKind.LOCKED)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMap.code(ErrorKind.SHARING_VIOLATION)).isEqualTo(Status.Code.UNAVAILABLE);
    for (ErrorKind k : ErrorKind.values()) {
      assertThat(StatusMap.code(k)).as("%s", k).isNotNull().isNotEqualTo(Status.Code.OK);
    }
    // A backend message names object ids and server files: only the kind reaches the client.
    StatusRuntimeException e = StatusMap.toStatus(
        new DfsException(ErrorKind.STALE, "object 0000000000000001000000000000002a does not exist"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).isEqualTo("backend: was removed or replaced while in use");
    assertThat(e.getTrailers().get(StatusMap.ERROR_KIND)).isEqualTo("STALE");
    // The service's own rewording (naming the client's path) goes through, bounded in length.
    StatusRuntimeException r = StatusMap.toStatus(
        new BackendError(ErrorKind.NOT_FOUND, "path: '" + "p".repeat(5000) + "' does not exist", null));
    assertThat(r.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(r.getStatus().getDescription()).hasSizeLessThanOrEqualTo(Echo.MAX_MESSAGE_CHARS)
        .startsWith("path: 'ppp").endsWith("' does not exist");
    assertThat(r.getTrailers().get(StatusMap.ERROR_KIND)).isEqualTo("NOT_FOUND");
    // Anything unexpected answers INTERNAL without the exception's text.
    StatusRuntimeException i = StatusMap.toStatus(new IllegalStateException("/srv/estuary/data secret detail"));
    assertThat(i.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(i.getStatus().getDescription()).doesNotContain("secret").doesNotContain("/srv");
    assertThat(StatusMap.toStatus(RequestException.tooLarge("x: 9")).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(StatusMap.toStatus(new IllegalStateException("boom")).getStatus().getCode())
        .isEqualTo(Status.Code.INTERNAL);
  }
}

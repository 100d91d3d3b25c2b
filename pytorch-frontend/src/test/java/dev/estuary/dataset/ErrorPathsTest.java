package dev.estuary.dataset;

import static dev.estuary.dataset.ReadTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.estuary.dataset.internal.ops.StatusMap;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.DatasetServiceGrpc;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.WriteCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error paths ISSUE-4 names, against the real server with small limits: bad or missing token,
 * missing volume or path, permission denied, oversize requests (too many paths, a message or chunk
 * too large), plus the error-kind trailer and the error metrics.
 */
class ErrorPathsTest {
  @TempDir Path tmp;
  private DatasetFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of(
        "max-batch-paths", "8", "max-message-bytes", "131072", "max-chunk-bytes", "65536",
        "chunk-bytes", "16384"));
    f.write("x/a.bin", 100);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private static StatRequest stat(String volume, String path) {
    return StatRequest.newBuilder().setVolume(volume).setPath(path).build();
  }

  @Test
  void missingOrBadTokenIsUnauthenticated() {
    assertCode(() -> f.blocking(null).stat(stat(DatasetFixture.VOLUME, "x")),
        Status.Code.UNAUTHENTICATED, "no authorization metadata");
    assertCode(() -> f.blocking("est_not_a_real_token").stat(stat(DatasetFixture.VOLUME, "x")),
        Status.Code.UNAUTHENTICATED, "unknown or revoked token");
    Metadata basic = new Metadata();
    basic.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic YWxpY2U6eA==");
    DatasetServiceGrpc.DatasetServiceBlockingStub s = DatasetServiceGrpc.newBlockingStub(f.channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(basic));
    assertCode(() -> s.stat(stat(DatasetFixture.VOLUME, "x")), Status.Code.UNAUTHENTICATED, "not a bearer token");
    // Streaming calls are refused before any handler runs.
    assertCode(() -> f.blocking("nope").scan(ScanRequest.newBuilder().setVolume(DatasetFixture.VOLUME).build())
        .hasNext(), Status.Code.UNAUTHENTICATED, "token");
    // A revoked token stops working at once.
    var issued = f.users.createToken("alice", "short-lived");
    assertThat(f.blocking(issued.token().reveal()).stat(stat(DatasetFixture.VOLUME, "x")).getSize()).isEqualTo(1);
    f.users.revokeToken("alice", issued.id());
    assertCode(() -> f.blocking(issued.token().reveal()).stat(stat(DatasetFixture.VOLUME, "x")),
        Status.Code.UNAUTHENTICATED, "unknown or revoked token");
  }

  @Test
  void missingVolumeOrPathIsNotFoundWithTheErrorKindTrailer() {
    assertCode(() -> f.blocking(f.rootToken).stat(stat("nosuchvolume", "")), Status.Code.NOT_FOUND, "nosuchvolume");
    assertThatThrownBy(() -> f.blocking(f.aliceToken).stat(stat(DatasetFixture.VOLUME, "x/missing.bin")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("x/missing.bin");
          assertThat(e.getTrailers().get(StatusMap.ERROR_KIND)).isEqualTo("NOT_FOUND");
        });
    assertCode(() -> f.blocking(f.aliceToken).get(GetRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .setPath("x/missing.bin").build()).hasNext(), Status.Code.NOT_FOUND, "x/missing.bin");
    assertCode(() -> f.blocking(f.aliceToken).stat(stat("", "x")), Status.Code.INVALID_ARGUMENT, "volume");
  }

  @Test
  void noGrantIsPermissionDenied() {
    assertCode(() -> f.blocking(f.eveToken).stat(stat(DatasetFixture.VOLUME, "x")),
        Status.Code.PERMISSION_DENIED, "user 'eve' on volume 'train': no read permission");
    assertCode(() -> f.blocking(f.eveToken).scan(ScanRequest.newBuilder().setVolume(DatasetFixture.VOLUME).build())
        .hasNext(), Status.Code.PERMISSION_DENIED, "eve");
    // Existence of other volumes is not revealed to users without a grant.
    assertCode(() -> f.blocking(f.aliceToken).stat(stat("othervol", "")), Status.Code.PERMISSION_DENIED, "othervol");
    CompletableFuture<WriteCheckpointResponse> r = new CompletableFuture<>();
    StreamObserver<WriteCheckpointRequest> w = f.async(f.aliceToken).writeCheckpoint(observer(r));
    w.onNext(WriteCheckpointRequest.newBuilder().setHeader(CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath("x/c.pt")).build());
    assertThat(code(r)).isEqualTo(Status.Code.PERMISSION_DENIED);
    w.onCompleted();
  }

  @Test
  void oversizeRequestsAreRefusedBeforeAnyWork() {
    GetBatchRequest.Builder nine = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME);
    for (int i = 0; i < 9; i++) {
      nine.addPaths("x/a.bin");
    }
    assertCode(() -> f.blocking(f.aliceToken).getBatch(nine.build()).hasNext(),
        Status.Code.RESOURCE_EXHAUSTED, "paths: 9 entries (expected: at most 8");
    // A request message above max-message-bytes is refused by the transport.
    GetBatchRequest.Builder huge = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME);
    String longPath = "x/" + "p".repeat(4000);
    for (int i = 0; i < 40; i++) {
      huge.addPaths(longPath);
    }
    assertCode(() -> f.blocking(f.aliceToken).getBatch(huge.build()).hasNext(),
        Status.Code.RESOURCE_EXHAUSTED, "");
    assertCode(() -> f.blocking(f.aliceToken).get(GetRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .setPath("x/a.bin").setChunkSize(65537).build()).hasNext(), Status.Code.RESOURCE_EXHAUSTED, "chunk_size: 65537");
    // A checkpoint data message above max-chunk-bytes (but within the message limit).
    CompletableFuture<WriteCheckpointResponse> r = new CompletableFuture<>();
    StreamObserver<WriteCheckpointRequest> w = f.async(f.bobToken).writeCheckpoint(observer(r));
    w.onNext(WriteCheckpointRequest.newBuilder().setHeader(CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath("x/c.pt")).build());
    w.onNext(WriteCheckpointRequest.newBuilder().setData(ByteString.copyFrom(new byte[65537])).build());
    assertThat(code(r)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    w.onCompleted();
    assertThat(f.registry.get("estuary.dataset.requests").tag("op", "WriteCheckpoint")
        .tag("status", "RESOURCE_EXHAUSTED").counters())
        .isNotEmpty();
  }

  @Test
  void deadlinesEndCalls() {
    for (int i = 0; i < 30; i++) {
      f.write("many/d" + (i % 5) + "/f" + i, 10);
    }
    assertCode(() -> f.blocking(f.aliceToken).withDeadlineAfter(1, TimeUnit.NANOSECONDS)
        .scan(ScanRequest.newBuilder().setVolume(DatasetFixture.VOLUME).build()).forEachRemaining(m -> { }),
        Status.Code.DEADLINE_EXCEEDED, "");
    // The server is still fine afterwards.
    assertThat(f.blocking(f.aliceToken).stat(stat(DatasetFixture.VOLUME, "x/a.bin")).getSize()).isEqualTo(100);
  }

  private static StreamObserver<WriteCheckpointResponse> observer(CompletableFuture<WriteCheckpointResponse> r) {
    return new StreamObserver<>() {
      @Override
      public void onNext(WriteCheckpointResponse v) {
        r.complete(v);
      }

      @Override
      public void onError(Throwable t) {
        r.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        r.complete(null);
      }
    };
  }

  private static Status.Code code(CompletableFuture<?> r) {
    try {
      r.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
      throw new AssertionError(e);
    }
    throw new AssertionError("the call succeeded (expected: a failure)");
  }
}

package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.DatasetServiceGrpc;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.ReadRangeRequest;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.WriteCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 8: malformed protobuf answers INVALID_ARGUMENT; error messages stay bounded with
 * huge client values and never show internal object ids; checkpoint paths must be canonical and
 * modes plain permission bits.
 */
class RequestHardeningTest {
  /** An object id as ObjectId.toString() prints it. */
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{32}");

  @TempDir Path tmp;
  private DatasetFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
    f.write("x/a.bin", 100);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  // ---- Malformed protobuf, sent as raw bytes ----

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream in) {
      try {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> m) {
    return m.toBuilder(BYTES, BYTES).build();
  }

  private Channel channel(String token) {
    return ClientInterceptors.intercept(f.channel, DatasetFixture.auth(token));
  }

  private static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A varint that never ends, a length running past the end, a group end that was never opened. */
  private static final List<byte[]> GARBAGE = List.of(
      new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
          (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01},
      new byte[] {0x12, 0x7f, 'a', 'b'},
      new byte[] {0x0c},
      // field 1 (volume, a string) holding bytes that are not UTF-8
      new byte[] {0x0a, 0x02, (byte) 0xc3, (byte) 0x28});

  private static void assertInvalid(Runnable call, String what) {
    assertThatThrownBy(call::run).as(what).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as("%s: %s", what, e.getStatus()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains("not a valid protobuf message");
    });
  }

  @Test
  void malformedRequestsAreInvalidArgumentOnEveryKindOfCall() throws Exception {
    Channel ch = channel(f.aliceToken);
    for (byte[] bad : GARBAGE) {
      assertInvalid(() -> ClientCalls.blockingUnaryCall(ch, raw(DatasetServiceGrpc.getStatMethod()), options(), bad),
          "Stat");
      assertInvalid(() -> ClientCalls.blockingServerStreamingCall(
          ch, raw(DatasetServiceGrpc.getGetBatchMethod()), options(), bad).hasNext(), "GetBatch");
      assertInvalid(() -> ClientCalls.blockingServerStreamingCall(
          ch, raw(DatasetServiceGrpc.getScanMethod()), options(), bad).hasNext(), "Scan");
    }
    // A checkpoint stream whose second message is garbage: refused, and its data dropped.
    long objects = f.volume.statfs().objects();
    CompletableFuture<byte[]> r = new CompletableFuture<>();
    StreamObserver<byte[]> w = ClientCalls.asyncClientStreamingCall(
        channel(f.bobToken).newCall(raw(DatasetServiceGrpc.getWriteCheckpointMethod()), options()),
        new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) {
            r.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            r.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            r.complete(null);
          }
        });
    w.onNext(WriteCheckpointRequest.newBuilder().setHeader(CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath("x/c.pt")).build().toByteArray());
    w.onNext(WriteCheckpointRequest.newBuilder().setData(ByteString.copyFrom(new byte[1000])).build().toByteArray());
    w.onNext(GARBAGE.get(0));
    assertInvalid(() -> {
      try {
        r.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw (RuntimeException) e.getCause();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, "WriteCheckpoint");
    w.onCompleted();
    f.awaitObjects(objects, "the unlinked object was dropped");
    // The metrics count the refusal under its real code.
    assertThat(f.registry.get("estuary.dataset.requests").tag("op", "Stat").tag("status", "INVALID_ARGUMENT")
        .counter().count()).isEqualTo(GARBAGE.size());
    // And the server is fine.
    assertThat(f.blocking(f.aliceToken).stat(StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .setPath("x/a.bin").build()).getSize()).isEqualTo(100);
  }

  // ---- Bounded messages ----

  private static StatusRuntimeException failure(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded (expected: a failure)");
  }

  @Test
  void hugeClientValuesGiveTheRealErrorWithABoundedMessage() {
    String volume = "v".repeat(10_000);
    StatusRuntimeException denied = failure(() -> f.blocking(f.aliceToken)
        .stat(StatRequest.newBuilder().setVolume(volume).build()));
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getStatus().getDescription()).contains("user 'alice' on volume 'vvv").contains("(10000 chars)")
        .hasSizeLessThan(600);
    StatusRuntimeException missing = failure(() -> f.blocking(f.rootToken)
        .stat(StatRequest.newBuilder().setVolume(volume).build()));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(missing.getStatus().getDescription()).contains("(10000 chars)").hasSizeLessThan(600);
    // A long path of multi-byte characters (each percent-encoded as 6 bytes in the trailer).
    String path = "x/" + "\u00e9".repeat(2000);
    StatusRuntimeException longPath = failure(() -> f.blocking(f.aliceToken).get(GetRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(path).build()).hasNext());
    assertThat(longPath.getStatus().getCode()).isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
    assertThat(longPath.getStatus().getDescription()).contains("(2002 chars)").hasSizeLessThan(1024);
    StatusRuntimeException badCheckpoint = failure(() -> writeCheckpoint(
        CheckpointHeader.newBuilder().setVolume(DatasetFixture.VOLUME).setPath("a//" + "\u00e9".repeat(2000))));
    assertThat(badCheckpoint.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badCheckpoint.getStatus().getDescription()).hasSizeLessThan(1024);
  }

  // ---- Checkpoint paths and modes ----

  private WriteCheckpointResponse writeCheckpoint(CheckpointHeader.Builder header) {
    CompletableFuture<WriteCheckpointResponse> r =
        f.writeCheckpoint(f.bobToken, header, "weights".getBytes(StandardCharsets.UTF_8), false);
    try {
      return r.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static CheckpointHeader.Builder header(String path) {
    return CheckpointHeader.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path).setEnsureParent(true);
  }

  @Test
  void nonCanonicalCheckpointPathsAndSpecialModeBitsAreRefused() {
    for (String path : List.of("//y.pt", "///y.pt", "y.pt/", "ck/e.pt/", "ck//e.pt", "ck/./e.pt", "ck/../e.pt")) {
      StatusRuntimeException e = failure(() -> writeCheckpoint(header(path)));
      assertThat(e.getStatus().getCode()).as(path).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).as(path).contains("canonical path");
    }
    for (int mode : new int[] {04644, 02644, 01644, 06755, 0100644}) {
      StatusRuntimeException e = failure(() -> writeCheckpoint(header("ck/m.pt").setMode(mode)));
      assertThat(e.getStatus().getCode()).as("mode 0%o", mode).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains("mode: 0" + Integer.toOctalString(mode));
    }
    // Nothing of the refused writes exists; a plain path (one leading '/' is allowed) and mode work.
    for (String p : List.of("y.pt", "ck/e.pt", "ck/m.pt")) {
      assertThat(failure(() -> stat(p)).getStatus().getCode()).as(p).isEqualTo(Status.Code.NOT_FOUND);
    }
    assertThat(writeCheckpoint(header("/ck/ok.pt").setMode(0600)).getSize()).isEqualTo(7);
    // 0600 and bob's: only bob (the writer) may stat it now (POSIX checks, issue 9).
    assertThat(f.blocking(f.bobToken).stat(StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .setPath("ck/ok.pt").build()).getMode() & 07777).isEqualTo(0600);
  }

  private dev.estuary.dataset.proto.StatResponse stat(String path) {
    return f.blocking(f.aliceToken).stat(StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path).build());
  }

  // ---- No internal ids or server paths in messages ----

  @Test
  void errorMessagesNameThePathNeverAnObjectIdOrServerFile() {
    f.write("ck/old.pt", 10);
    var s = f.blocking(f.bobToken);
    String v = DatasetFixture.VOLUME;
    List<StatusRuntimeException> errors = new ArrayList<>();
    errors.add(failure(() -> s.get(GetRequest.newBuilder().setVolume(v).setPath("x/missing.bin").build()).hasNext()));
    errors.add(failure(() -> s.get(GetRequest.newBuilder().setVolume(v).setPath("nodir/y/z.bin").build()).hasNext()));
    errors.add(failure(() -> s.getBatch(GetBatchRequest.newBuilder().setVolume(v).addPaths("x/a.bin")
        .addPaths("x/gone.bin").build()).hasNext()));
    errors.add(failure(() -> s.readRange(ReadRangeRequest.newBuilder().setVolume(v).setPath("x").setLength(1).build())
        .hasNext()));
    errors.add(failure(() -> s.readCheckpoint(ReadCheckpointRequest.newBuilder().setVolume(v).setPath("ck/none.pt")
        .build()).hasNext()));
    errors.add(failure(() -> s.stat(StatRequest.newBuilder().setVolume(v).setPath("x/a.bin/y").build())));
    errors.add(failure(() -> s.scan(ScanRequest.newBuilder().setVolume(v).setRoot("x/a.bin").build()).hasNext()));
    errors.add(failure(() -> s.scan(ScanRequest.newBuilder().setVolume(v).setRoot("nodir").build()).hasNext()));
    errors.add(failure(() -> writeCheckpoint(header("nodir/c.pt").setEnsureParent(false))));
    errors.add(failure(() -> writeCheckpoint(header("x/a.bin/c.pt"))));
    errors.add(failure(() -> writeCheckpoint(header("ck/old.pt").setNoReplace(true))));
    errors.add(failure(() -> writeCheckpoint(header("x"))));
    for (StatusRuntimeException e : errors) {
      String d = e.getStatus().getDescription();
      assertThat(e.getStatus().getCode()).as(d).isNotIn(Status.Code.OK, Status.Code.UNKNOWN, Status.Code.INTERNAL);
      assertThat(d).as("%s", e.getStatus()).doesNotContainPattern(OBJECT_ID).doesNotContain(tmp.toString())
          .contains("'");
    }
    assertThat(errors.get(0).getStatus().getDescription())
        .isEqualTo("path: 'x/missing.bin' in volume 'train': 'missing.bin' does not exist");
    assertThat(errors.get(1).getStatus().getDescription()).contains("'nodir' does not exist");
    assertThat(errors.get(2).getStatus().getDescription()).contains("paths[1]: 'x/gone.bin'");
  }
}

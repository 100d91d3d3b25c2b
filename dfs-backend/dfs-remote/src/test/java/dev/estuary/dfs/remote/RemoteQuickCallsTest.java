package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata reads a frontend request makes several of (getAttributes, lookup, readSmall, and
 * the opening of its volume) go
 * over the descriptor socket instead of gRPC when it is there, and answer exactly as gRPC does:
 * the same values, the same error kinds and messages; without the socket they use gRPC.
 */
class RemoteQuickCallsTest {
  @TempDir Path dir;

  private static Attributes withFile(Volume v) throws IOException {
    Attributes f = v.create(v.root(), "f", 0644, ServedEngine.OWNER, true);
    try (FileHandle h = v.open(f.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
    }
    v.setXattr(f.id(), "user.k", new byte[] {1, 2}, XattrMode.UPSERT);
    return v.lookup(v.root(), "f");
  }

  /** A second client of the same server that never uses the descriptor socket. */
  private static RemoteDfs grpcOnly(ServedEngine e) {
    return RemoteDfs.connect(e.endpoint(), RemoteOptions.DEFAULTS
        .withDeadline(Duration.ofSeconds(10)).withDirectMinimum(RemoteOptions.DIRECT_OFF));
  }

  @Test
  void metadataReads_goOverTheDescriptorSocket_withTheAnswersOfGrpc() throws IOException {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume quick = e.connect().volume(ServedEngine.VOLUME);
      try (RemoteDfs grpcOnly = grpcOnly(e)) {
        Volume grpc = grpcOnly.volume(ServedEngine.VOLUME);
        Attributes f = withFile(quick);
        long before = e.server.descriptorCalls();
        assertThat(e.connect().volume(ServedEngine.VOLUME).root()).isEqualTo(quick.root());
        assertThat(e.server.descriptorCalls() - before).as("the volume opened").isEqualTo(1);
        before = e.server.descriptorCalls();

        Attributes byQuick = quick.getAttributes(f.id());
        Attributes byLookup = quick.lookup(quick.root(), "f");
        SmallRead small = quick.readSmall(f.id(), 1024, Set.of("user.k"));

        assertThat(e.server.descriptorCalls() - before).isEqualTo(3);
        assertThat(byQuick).isEqualTo(grpc.getAttributes(f.id()));
        assertThat(byLookup).isEqualTo(grpc.lookup(grpc.root(), "f"));
        SmallRead viaGrpc = grpc.readSmall(f.id(), 1024, Set.of("user.k"));
        assertThat(small.attributes()).isEqualTo(viaGrpc.attributes());
        assertThat(small.data()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(small.xattrNames()).isEqualTo(viaGrpc.xattrNames());
        assertThat(small.xattrs().get("user.k")).isEqualTo(new byte[] {1, 2});
        assertThat(e.server.descriptorCalls() - before).as("the gRPC-only client's calls").isEqualTo(3);
      }
    }
  }

  @Test
  void errors_crossTheSocketWithTheirKindAndMessage() throws IOException {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume quick = e.connect().volume(ServedEngine.VOLUME);
      try (RemoteDfs grpcOnly = grpcOnly(e)) {
        Volume grpc = grpcOnly.volume(ServedEngine.VOLUME);
        RemoteDfs quickDfs = e.connect();
        assertThat(catchDfs(() -> quickDfs.volume("nope")).getMessage())
            .isEqualTo(catchDfs(() -> grpcOnly.volume("nope")).getMessage());
        long before = e.server.descriptorCalls();
        DfsException overSocket = catchDfs(() -> quick.lookup(quick.root(), "missing"));
        DfsException overGrpc = catchDfs(() -> grpc.lookup(grpc.root(), "missing"));
        assertThat(e.server.descriptorCalls() - before).isEqualTo(1);
        assertThat(overSocket.kind()).isEqualTo(ErrorKind.NOT_FOUND).isEqualTo(overGrpc.kind());
        assertThat(overSocket.getMessage()).isEqualTo(overGrpc.getMessage());

        ObjectId dirId = quick.mkdir(quick.root(), "d", 0755, ServedEngine.OWNER).id();
        assertThatThrownBy(() -> quick.readSmall(dirId, 10, Set.of()))
            .isInstanceOfSatisfying(DfsException.class,
                x -> assertThat(x.kind()).isEqualTo(catchDfs(() -> grpc.readSmall(dirId, 10, Set.of())).kind()));
      }
    }
  }

  @Test
  void whileTheServerIsAway_callsWaitOnGrpc_andUseTheSocketAgainOnceItIsBack() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume v = e.connect(Duration.ofSeconds(20)).volume(ServedEngine.VOLUME);
      Attributes f = withFile(v);
      e.stop();
      e.start();
      // The old volume reference ended with the old server: a fresh one, as after any restart.
      Volume again = ((RemoteDfs) e.connect(Duration.ofSeconds(20))).volume(ServedEngine.VOLUME);
      assertThat(again.getAttributes(f.id()).size()).isEqualTo(5);
      long before = e.server.descriptorCalls();
      // The client's watch reconnects on its own; once it has, the socket answers again.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (e.server.descriptorCalls() == before && System.nanoTime() < deadline) {
        assertThat(again.getAttributes(f.id()).size()).isEqualTo(5);
      }
      assertThat(e.server.descriptorCalls()).isGreaterThan(before);
    }
  }

  private static DfsException catchDfs(Runnable r) {
    try {
      r.run();
    } catch (DfsException x) {
      return x;
    }
    throw new AssertionError("expected a DfsException");
  }
}

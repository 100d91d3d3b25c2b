package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dataset.proto.DatasetServiceGrpc;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading holds the server back: the scan produces only about what the
 * transport window and the server's small queue hold, and a cancel ends the call (counted as
 * CANCELLED) and lets the rest of the walk go.
 */
class FlowControlTest {
  @TempDir Path tmp;

  @Test
  void aStalledClientBoundsTheScanAndCancelStopsIt() throws Exception {
    try (DatasetFixture f = new DatasetFixture(tmp, Map.of())) {
      String pad = "x".repeat(120);
      int files = 0;
      for (int d = 0; d < 40; d++) {
        Attributes dir = f.volume.mkdirs("d" + d, 0755, Ownership.ROOT);
        for (int i = 0; i < 100; i++) {
          f.volume.create(dir.id(), "f" + i + pad, 0644, Ownership.ROOT, true);
          files++;
        }
      }
      // A small HTTP/2 window so the transport itself buffers little.
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", f.server.port()).usePlaintext()
          .flowControlWindow(64 * 1024).build();
      try {
        AtomicInteger received = new AtomicInteger();
        AtomicReference<ClientCallStreamObserver<ScanRequest>> call = new AtomicReference<>();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        DatasetServiceGrpc.newStub(ch).withInterceptors(DatasetFixture.auth(f.aliceToken)).scan(
            ScanRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setBatchSize(20).setDeterministic(true).build(),
            new ClientResponseObserver<ScanRequest, ScanResponse>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<ScanRequest> requestStream) {
                call.set(requestStream);
                requestStream.disableAutoRequestWithInitial(1);
              }

              @Override
              public void onNext(ScanResponse value) {
                received.addAndGet(value.getPathsCount());
                first.countDown();
              }

              @Override
              public void onError(Throwable t) {
                done.countDown();
              }

              @Override
              public void onCompleted() {
                done.countDown();
              }
            });
        assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1000);
        double produced = f.registry.get("estuary.dataset.scan.entries").counter().count();
        assertThat(received.get()).isEqualTo(20);
        // ~64 KiB of window and 8 queued batches of 20 long paths: far fewer than all 4,000.
        assertThat(produced).as("entries the server produced for a stalled client").isLessThan(files / 2.0);
        call.get().cancel("stop", null);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (f.registry.find("estuary.dataset.request.duration").tag("status", "CANCELLED").timer() == null
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(f.registry.get("estuary.dataset.request.duration").tag("op", "Scan").tag("status", "CANCELLED").timer()
            .count()).isEqualTo(1);
        Thread.sleep(300);
        double after = f.registry.get("estuary.dataset.scan.entries").counter().count();
        assertThat(after).as("nothing more produced after the cancel").isLessThan(files / 2.0);
      } finally {
        ch.shutdownNow();
      }
    }
  }
}

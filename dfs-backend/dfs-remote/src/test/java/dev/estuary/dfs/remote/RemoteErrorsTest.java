package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ForwardingDfs;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.VolumeInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors over the wire: every {@link ErrorKind} and its message arrive unchanged, and a call the
 * server does not answer fails at its deadline with {@link ErrorKind#UNAVAILABLE} naming the endpoint.
 */
class RemoteErrorsTest {
  @TempDir Path dir;

  /**
   * The engine, with two test hooks: creating a volume named after an error kind fails with that
   * kind (so every kind is thrown by the server for real), and {@code sync} waits on a latch.
   */
  private static final class Hooked extends ForwardingDfs {
    final CountDownLatch release = new CountDownLatch(1);

    Hooked(Dfs delegate) {
      super(delegate);
    }

    @Override
    public VolumeInfo createVolume(String name, int rootMode, Ownership owner) {
      if (name.startsWith("fail-")) {
        ErrorKind kind = ErrorKind.valueOf(name.substring(5));
        throw new DfsException(kind, "volume: '" + name + "' refused with " + kind + " (expected: ü)");
      }
      return super.createVolume(name, rootMode, owner);
    }

    @Override
    public void sync() {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.sync();
    }
  }

  @Test
  void everyErrorKind_crossesTheWireWithItsMessage() throws Exception {
    try (ServedEngine e = new ServedEngine(dir, Hooked::new, b -> b)) {
      RemoteDfs client = e.connect();
      for (ErrorKind kind : ErrorKind.values()) {
        assertThatThrownBy(() -> client.createVolume("fail-" + kind, 0755, ServedEngine.OWNER))
            .as(kind.name())
            .isInstanceOfSatisfying(DfsException.class, ex -> {
              assertThat(ex.kind()).isEqualTo(kind);
              assertThat(ex.getMessage())
                  .isEqualTo("volume: 'fail-" + kind + "' refused with " + kind + " (expected: ü)");
            });
      }
      // And the real engine's own errors, from a real operation.
      assertThatThrownBy(() -> client.volume("missing"))
          .isInstanceOfSatisfying(DfsException.class, ex -> {
            assertThat(ex.kind()).isEqualTo(ErrorKind.NOT_FOUND);
            assertThat(ex.getMessage()).contains("missing");
          });
    }
  }

  @Test
  void aCallTheServerDoesNotAnswer_failsAtItsDeadline_namingTheEndpoint() throws Exception {
    Hooked[] hooked = new Hooked[1];
    try (ServedEngine e = new ServedEngine(dir, d -> hooked[0] = new Hooked(d), b -> b)) {
      RemoteDfs client = e.connect(Duration.ofMillis(300));
      long start = System.nanoTime();
      assertThatThrownBy(client::sync)
          .isInstanceOfSatisfying(DfsException.class, ex -> {
            assertThat(ex.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(ex.getMessage()).contains(e.endpoint().toString()).contains("deadline");
          });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      hooked[0].release.countDown();
      // The connection is still good after a missed deadline.
      assertThat(client.listVolumes()).extracting(VolumeInfo::name).contains(ServedEngine.VOLUME);
    }
  }
}

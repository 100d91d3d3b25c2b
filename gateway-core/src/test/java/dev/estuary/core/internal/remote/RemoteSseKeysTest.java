package dev.estuary.core.internal.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.MasterKeys;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 SSE-S3 keys in node mode: data keys wrapped through {@link RemoteSseKeys} are the daemon's
 * {@link MasterKeys} wrapping (readable by an all-in-one server on the same data directory, and
 * the other way round), refusals keep their meaning, and bad input is refused by name.
 */
class RemoteSseKeysTest {
  @TempDir Path data;
  private MasterKeys keys;
  private Server server;
  private ManagedChannel channel;
  private RemoteSseKeys remote;

  @BeforeEach
  void start() throws Exception {
    keys = MasterKeys.open(data, new SecureRandom());
    String name = "sse-" + System.nanoTime();
    server = InProcessServerBuilder.forName(name).addService(new SseKeysGrpcService(keys)).build()
        .start();
    channel = InProcessChannelBuilder.forName(name).build();
    remote = new RemoteSseKeys(channel, "in-process:" + name, Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void keysWrappedRemotelyAreTheDataDirectorysAndBack() {
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);
    MasterKeys.Wrapped w = remote.wrap(dataKey);
    assertThat(keys.unwrap(w)).isEqualTo(dataKey);
    MasterKeys.Wrapped local = MasterKeys.open(data, new SecureRandom()).wrap(dataKey);
    assertThat(remote.unwrap(local)).isEqualTo(dataKey);
    // A rotation on the daemon is used for the next wrap; older objects stay readable.
    int rotated = keys.rotate();
    assertThat(remote.wrap(dataKey).keyId()).isEqualTo(rotated);
    assertThat(remote.unwrap(w)).isEqualTo(dataKey);
  }

  @Test
  void anAlteredOrUnknownWrappedKeyIsTheSameRefusalAsLocally() {
    byte[] dataKey = new byte[32];
    MasterKeys.Wrapped w = remote.wrap(dataKey);
    byte[] altered = w.wrapped();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> remote.unwrap(new MasterKeys.Wrapped(w.keyId(), altered)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> remote.unwrap(new MasterKeys.Wrapped(99, w.wrapped())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SSE master key id: 99");
  }

  @Test
  void anOversizedDataKeyIsRefusedByName() {
    assertThatThrownBy(() -> remote.wrap(new byte[SseKeysGrpcService.MAX_KEY_BYTES + 1]))
        .isInstanceOf(DfsException.class)
        .satisfies(e -> assertThat(((DfsException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageContaining("data key: 1025 bytes (expected: 1 to 1024)");
  }
}

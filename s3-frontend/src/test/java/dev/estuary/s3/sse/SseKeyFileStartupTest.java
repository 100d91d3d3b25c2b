package dev.estuary.s3.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.Authorizer;
import dev.estuary.core.BackendConfig;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.MasterKeys;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.UserStore;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.s3.S3Frontend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 frontend refuses to start when the SSE-S3 master key file gives anything to group or
 * others (as {@code ssh} refuses a readable private key), naming the file and the fix; with mode
 * 0600 it starts.
 */
class SseKeyFileStartupTest {
  @TempDir Path tmp;

  @Test
  void aKeyFileReadableByOthersStopsTheStart() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    MasterKeys.open(data, new SecureRandom()).rotate();
    Path file = data.resolve(MasterKeys.FILE_NAME);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Clock clock = Clock.systemUTC();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try (Dfs dfs = new EngineProvider().open(new DfsProvider.Context(tmp.resolve("engine"), clock,
        registry, Map.of()))) {
      UserStore users = UserStore.open(tmp.resolve("users"), clock, new SecureRandom());
      GatewayConfig config = new GatewayConfig(data, "127.0.0.1", 0,
          new BackendConfig("engine", Map.of()), FrontendSelection.ALL, Map.of("s3", 0), "warn");
      FrontendContext ctx = new FrontendContext(dfs, config, users, new Authorizer(), registry,
          clock, executor, InetAddress.getByName("127.0.0.1"), 0);
      assertThatThrownBy(() -> new S3Frontend().start(ctx))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("rw-r-----")
          .hasMessageContaining("chmod 600");

      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      RunningFrontend running = new S3Frontend().start(ctx);
      assertThat(running.healthy()).isTrue();
      running.stop(Duration.ZERO);
    } finally {
      executor.shutdownNow();
    }
  }
}

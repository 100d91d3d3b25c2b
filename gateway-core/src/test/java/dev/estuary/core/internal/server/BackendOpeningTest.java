package dev.estuary.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.BackendConfig;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher opens the backend inside the standard decorators: reserved names and metrics. */
class BackendOpeningTest {
  @TempDir Path dir;

  @Test
  void theOpenedBackendHidesReservedNamesAndCountsCalls() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Dfs dfs = BackendOpening.open(new EngineProvider(), DataDirectory.prepare(dir),
        new BackendConfig("engine", Map.of()), Clock.systemUTC(), registry)) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
      Volume v = dfs.volume("vol");
      ReservedNamesDfs.privileged(v).mkdir(v.root(), ReservedNames.S3_UPLOADS, 0700, Ownership.ROOT);
      assertThat(v.readdir(v.root(), DirCursor.START, 10, false).entries()).isEmpty();
      assertThatThrownBy(() -> v.mkdir(v.root(), ".Estuary-Mine", 0755, Ownership.ROOT))
          .isInstanceOfSatisfying(DfsException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
      assertThat(registry.get("estuary.dfs.ops").tag("op", "readdir").counter().count()).isEqualTo(1);
      assertThat(registry.get("estuary.engine.fsyncs").tag("kind", "wal").functionCounter()).isNotNull();
    }
  }
}

package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Opens real engines on a test directory. */
final class EngineFixture {
  private EngineFixture() {}

  static DfsProvider.Context context(Path dir, Map<String, String> options) {
    return new DfsProvider.Context(dir, Clock.systemUTC(), new SimpleMeterRegistry(), options);
  }

  static Dfs open(Path dir) {
    return new EngineProvider().open(context(dir, Map.of()));
  }

  static Dfs open(Path dir, Map<String, String> options) {
    return new EngineProvider().open(context(dir, options));
  }
}

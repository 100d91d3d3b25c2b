package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.remote.internal.server.CallCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server counts the calls it receives per method in the registry it was given: what
 * bench/README.md's round trips per S3 request and per dataset sample are read from.
 */
class RemoteCallCounterTest {
  @TempDir Path dir;

  private static double count(SimpleMeterRegistry r, String method) {
    Counter c = r.find(CallCounter.METER).tag("method", method).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void countsEachCallOncePerMethod() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ServedEngine e = new ServedEngine(dir, d -> d, b -> b.metrics(registry))) {
      Volume v = e.connect().volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "f", 0644, ServedEngine.OWNER, true).id();
      double before = count(registry, "GetAttributes");
      for (int i = 0; i < 5; i++) {
        v.getAttributes(f);
      }
      v.lookup(v.root(), "f");

      assertThat(count(registry, "GetAttributes") - before).isEqualTo(5);
      assertThat(count(registry, "Lookup")).isEqualTo(1);
      assertThat(count(registry, "Create")).isEqualTo(1);
      assertThat(registry.find(CallCounter.METER).tag("method", "Lookup").counter().getId()
          .getTag("service")).isEqualTo("estuary.dfs.remote.v1.Namespace");
    }
  }
}

package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.decorate.StandardDecorators;
import dev.estuary.dfs.remote.internal.server.CallCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
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

  @Test
  void readSmallThroughTheStandardDecorators_isOneCall() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ServedEngine e = new ServedEngine(dir, d -> d, b -> b.metrics(registry))) {
      // The frontend's side: ReservedNames over Metered over Checked over the remote backend.
      Dfs client = StandardDecorators.apply(e.connect(), new SimpleMeterRegistry());
      Volume v = client.volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "f", 0644, ServedEngine.OWNER, true).id();
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      }
      v.setXattr(f, "user.m", new byte[] {9}, XattrMode.UPSERT);
      double opens = count(registry, "Open");

      SmallRead r = v.readSmall(f, 100, Set.of("user.m"));

      assertThat(r.data()).containsExactly(1, 2, 3);
      assertThat(r.xattrs().get("user.m")).containsExactly(9);
      assertThat(count(registry, "ReadSmall")).isEqualTo(1);
      assertThat(count(registry, "Open")).isEqualTo(opens);
      assertThat(count(registry, "Get")).isZero();
      assertThat(count(registry, "List")).isZero();
    }
  }
}

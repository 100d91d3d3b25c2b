package dev.estuary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the scale benchmark at a tiny scale (2,000 files; three engine JVMs, one killed with
 * SIGKILL), so the harness cannot rot: every figure is reported, the in-flight files written
 * before the kill have their full length after the restart (checked by the engine step itself),
 * and nothing is left behind.
 */
class ScaleBenchTest {

  @Test
  void tinyRunReportsEveryFigureAndCleansUp(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    Map<String, Double> r = ScaleBench.run(0.0001, dir, List.of(), "256m",
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    for (String key : List.of("create.ops", "stat.ops", "stat.settled.ops", "settle.ms",
        "settle.pending.bytes", "unlink.lost.by.kill", "readdir.ops", "unlink.ops",
        "startup.empty.ms", "startup.clean.ms", "startup.killed.ms", "data.bytes.per.object",
        "load.rss.bytes", "load.rocksdb.block-cache.bytes", "load.rocksdb.memtables.bytes",
        "load.rocksdb.table-readers.bytes", "load.metadata.cache.bytes")) {
      assertThat(r).as(key + "; stderr: " + err).containsKey(key);
      assertThat(r.get(key)).as(key).isNotNegative();
    }
    assertThat(r.get("create.ops")).isPositive();
    assertThat(r.get("load.rss.bytes")).isPositive();
    assertThat(r.get("load.rocksdb.memtables.bytes")).isPositive();
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).contains("start-up after SIGKILL").contains("bar: RSS < 2 GiB");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("what the run left in " + dir).isEmpty();
    }
  }
}

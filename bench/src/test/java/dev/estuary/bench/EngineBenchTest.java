package dev.estuary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.bench.internal.Options;
import dev.estuary.bench.internal.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole benchmark, engine and java.nio, at a tiny scale, so the harness cannot rot. */
class EngineBenchTest {

  @Test
  void tinyRunMeasuresEveryWorkloadOnBothSidesAndCleansUp(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    List<Row> rows =
        EngineBench.run(
            Options.parse("--scale", "0.0005", "--dir", dir.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(rows).extracting(Row::workload).containsSubsequence(Options.WORKLOADS);
    assertThat(rows.stream().map(Row::workload).distinct()).containsExactlyElementsOf(Options.WORKLOADS);
    for (Row row : rows) {
      assertThat(row.engine()).as(row.phase()).isNotNull();
      assertThat(row.engine().rate()).as(row.phase()).isPositive();
      assertThat(row.nio().rate()).as(row.phase()).isPositive();
      assertThat(row.ratio()).as(row.phase()).isPositive().isFinite();
    }
    assertThat(rows)
        .extracting(Row::phase)
        .contains(
            "metadata 1 dir: create",
            "metadata 1 dir: readdir",
            "small 4 KiB: create+write+read",
            "sequential 1 MiB: write+sync",
            "random 4 KiB: write (buffered)");
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains("sized for 2 cores and 24 GiB")
        .contains("target metadata")
        .contains("target small-file")
        .contains("target sequential")
        .contains("target random");
    for (Row row : rows) {
      assertThat(table).contains(row.phase());
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("what the run left in " + dir).isEmpty();
    }
  }

  @Test
  void badArgumentsAreNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse("--only", "bogus"))
        .hasMessageContaining("--only: 'bogus'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse("--scale", "0"))
        .hasMessageContaining("--scale: 0.0");
  }
}

package dev.estuary.bench.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole benchmark at its smallest scale against both servers (our NfsServer in its own JVM and
 * nfs-ganesha, which ./run-tests installs): it runs, prints a figure for both servers and the ratio on
 * every line, and leaves nothing behind. No figure is judged.
 */
class NfsBenchTest {
  private static final List<String> LINES = List.of(
      "sequential WRITE 1 MiB + COMMIT, 16 MiB", "sequential READ 1 MiB, 16 MiB", "random READ 4 KiB in 16 MiB",
      "random WRITE 4 KiB + COMMIT in 16 MiB",
      "create (OPEN+CLOSE) 100 files", "stat (LOOKUP+GETATTR) 100 files", "readdir 100 files x 2 sessions",
      "remove 100 files",
      "create (OPEN+CLOSE) 1,000 files", "stat (LOOKUP+GETATTR) 1,000 files", "readdir 1,000 files x 2 sessions",
      "remove 1,000 files");
  private static final Pattern ROW = Pattern.compile(
      "\\S.*?\\s+(MiB/s|ops/s|entries/s)\\s+(\\d+\\.\\d)\\s+(\\d+\\.\\d)\\s+(\\d+\\.\\d\\d)x\\s+"
      + "estuary \\d+\\.\\d us/[^(]+\\(\\d+\\.\\d\\) \\d+\\.\\d\\d s; ganesha \\d+\\.\\d us/[^(]+\\(\\d+\\.\\d\\) \\d+\\.\\d\\d s;");

  @Test
  void bothServersEveryLine(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    NfsBench.Options o = new NfsBench.Options(0.0001, Set.of("seq", "random", "meta"), List.of("estuary", "ganesha"), 2,
        tmp, List.of("-Xmx512m"));
    try {
      NfsBench.run(o, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.err.print(err.toString(StandardCharsets.UTF_8));
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("machine: ").contains(" cores ").contains("GiB RAM");
    List<String> rows = text.lines().filter(l -> LINES.stream().anyMatch(l::startsWith)).toList();
    assertThat(rows).hasSize(LINES.size());
    for (int i = 0; i < LINES.size(); i++) {
      assertThat(rows.get(i)).startsWith(LINES.get(i)).matches(ROW);
    }
    assertThat(text).contains("lines met");
    try (var left = Files.list(tmp)) {
      assertThat(left.toList()).as("what the run left in %s", tmp).isEmpty();
    }
  }
}

package dev.estuary.bench.smb;

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
 * The whole benchmark at its smallest scale against both servers (our SMB server in its own JVM and
 * Samba's smbd, which ./run-tests installs; smbd runs as root): it runs, every line is printed with
 * both servers' figures (or, for an smbtorture test our server fails, the failure) and the ratio, the
 * target lines are printed, and nothing is left behind. No figure is judged.
 */
class SmbBenchTest {
  private static final List<String> TRANSFER_AND_SMALL = List.of(
      "smbclient put 16 MiB, plain", "smbclient get 16 MiB, plain",
      "smbclient put 16 MiB, signed", "smbclient get 16 MiB, signed",
      "smbclient put 16 MiB, sealed", "smbclient get 16 MiB, sealed",
      "create+write 4 KiB+close 100 x 2 smbj", "stat (open+query+close) 100 x 2 smbj", "delete (open+close) 100 x 2 smbj");
  private static final String SERVER = "%s \\d+\\.\\d\\d (s/GiB|us/op) \\(\\d+\\.\\d\\d\\) \\d+\\.\\d\\d s;";
  private static final Pattern ROW = Pattern.compile(
      "\\S.*?\\s+(MiB/s|ops/s)\\s+(\\d+\\.\\d)\\s+(\\d+\\.\\d)\\s+(\\d+\\.\\d\\d)x\\s+" + SERVER.formatted("estuary")
      + " " + SERVER.formatted("samba"));
  /** An smbtorture line: Samba's figures always; ours, or the failure smbtorture reported. */
  private static final Pattern TORTURE_ROW = Pattern.compile(
      "smb2\\.bench\\.\\S+ \\(4 connections, 1 s\\)\\s+ops/s\\s+(\\d+\\.\\d|failed)\\s+(\\d+\\.\\d)\\s+(\\d+\\.\\d\\dx|-)\\s+"
      + "(" + SERVER.formatted("estuary") + "|estuary failed: .+;) " + SERVER.formatted("samba"));

  @Test
  void bothServersEveryLine(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SmbBench.Options o = new SmbBench.Options(0.0001, Set.of("transfer", "small", "torture"),
        List.of("estuary", "samba"), 2, tmp, List.of("-Xmx512m"));
    try {
      SmbBench.run(o, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.err.print(err.toString(StandardCharsets.UTF_8));
    }
    String text = out.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(text).contains("machine: ").contains(" cores ").contains("GiB RAM")
        .contains("server signing = mandatory").contains("--smb-signing-required true");
    List<String> rows = text.lines().filter(l -> TRANSFER_AND_SMALL.stream().anyMatch(l::startsWith)).toList();
    assertThat(rows).hasSize(TRANSFER_AND_SMALL.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i)).startsWith(TRANSFER_AND_SMALL.get(i)).matches(ROW);
    }
    List<String> torture = text.lines().filter(l -> l.startsWith("smb2.bench.")).toList();
    assertThat(torture).hasSize(SmbBench.TORTURE_TESTS.size());
    for (int i = 0; i < torture.size(); i++) {
      assertThat(torture.get(i)).startsWith(SmbBench.TORTURE_TESTS.get(i) + " ").matches(TORTURE_ROW);
    }
    assertThat(text).contains("throughput plain, signed and sealed: ").contains("small-file metadata: ");
    try (var left = Files.list(tmp)) {
      assertThat(left.toList()).as("what the run left in %s", tmp).isEmpty();
    }
  }
}

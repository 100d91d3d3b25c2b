package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.FrontendOption;
import dev.estuary.dataset.internal.codec.ServiceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dataset frontend's declared options are the ones it reads, gateway-core/CONFIG.md lists
 * exactly them as declared, and their checks refuse bad values.
 */
class OptionsDocTest {
  private final List<FrontendOption> options = new DatasetFrontend().options();

  @Test
  void configMdHasOneRowPerDeclaredOption() throws IOException {
    List<String> rows = Files.readAllLines(Path.of("../gateway-core/CONFIG.md")).stream()
        .filter(l -> l.startsWith("| `dataset.")).toList();
    assertThat(rows).containsExactlyElementsOf(options.stream().map(o -> "| `dataset." + o.name()
        + "` | " + o.defaultValue() + " | " + o.description() + " |").toList());
  }

  @Test
  void declaredOptionsAreTheOnesTheServiceReads() {
    Set<String> declared = options.stream().map(FrontendOption::name)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> read = new TreeSet<>(ServiceLimits.KEYS);
    read.addAll(dev.estuary.dataset.internal.codec.CheckpointLimits.KEYS);
    read.addAll(Set.of("tls-cert", "tls-key", "io-threads", "scan-threads", "scan-parallelism"));
    assertThat(declared).isEqualTo(read);
    // Every declared option is accepted by the reader (no unknown-key refusal).
    assertThat(dev.estuary.dataset.internal.server.DatasetOptions.fromOptions(
        Map.of("io-threads", "3", "max-suffixes", "9"), 2).ioThreads()).isEqualTo(3);
  }

  @Test
  void checksRefuseBadValues() {
    FrontendOption io = options.stream().filter(o -> o.name().equals("io-threads")).findFirst()
        .orElseThrow();
    io.check("dataset", "16");
    assertThatThrownBy(() -> io.check("dataset", "zero"))
        .hasMessage("frontends.options: dataset.io-threads: 'zero' (expected: an integer 1-4096)");
    assertThatThrownBy(() -> io.check("dataset", "0")).hasMessageContaining("1-4096");
    FrontendOption cert = options.getFirst();
    assertThatThrownBy(() -> cert.check("dataset", "/nonexistent/cert.pem"))
        .hasMessage("frontends.options: dataset.tls-cert: '/nonexistent/cert.pem' (expected: a"
            + " readable file)");
  }
}

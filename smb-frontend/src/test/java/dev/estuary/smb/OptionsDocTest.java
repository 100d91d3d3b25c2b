package dev.estuary.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.FrontendOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gateway-core/CONFIG.md lists exactly the options the SMB frontend declares, as declared. */
class OptionsDocTest {
  @Test
  void configMdHasOneRowPerDeclaredOption() throws IOException {
    List<String> rows = Files.readAllLines(Path.of("../gateway-core/CONFIG.md")).stream()
        .filter(l -> l.startsWith("| `smb.")).toList();
    List<FrontendOption> options = new SmbFrontend().options();
    assertThat(rows).containsExactlyElementsOf(options.stream().map(o -> "| `smb." + o.name()
        + "` | " + o.defaultValue() + " | " + o.description() + " |").toList());
  }
}

package dev.estuary.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONFIG.md documents exactly the keys {@link ConfigKey} defines, with the same spellings. */
class ConfigDocTest {
  @Test
  void everyKeyHasItsRowInConfigMd() throws IOException {
    List<String> rows = Files.readAllLines(Path.of("CONFIG.md")).stream()
        .filter(l -> l.startsWith("| `")).toList();
    for (ConfigKey k : ConfigKey.values()) {
      String prefix = "| `" + k.yaml() + "` | `" + k.env() + "` | `" + k.flag() + "` | ";
      assertThat(rows).as("row of %s", k).anySatisfy(r -> {
        assertThat(r).startsWith(prefix);
        assertThat(r).contains(k.defaultValue());
      });
    }
  }
}

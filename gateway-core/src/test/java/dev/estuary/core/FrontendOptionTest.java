package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.server.Frontends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared options: the built-in checks and the launcher's check of a configuration. */
class FrontendOptionTest {
  @TempDir Path tmp;

  private static Frontend frontend(List<FrontendOption> options) {
    return new Frontend() {
      @Override
      public String name() {
        return "demo";
      }

      @Override
      public int defaultPort() {
        return 1;
      }

      @Override
      public List<FrontendOption> options() {
        return options;
      }

      @Override
      public RunningFrontend start(FrontendContext context) {
        throw new UnsupportedOperationException("not started in this test");
      }
    };
  }

  @Test
  void builtInChecks() throws Exception {
    FrontendOption n = FrontendOption.integer("workers", "4", 1, 64, "Workers.");
    n.check("demo", "64");
    for (String bad : new String[] {"0", "65", "x", "", "1.5"}) {
      assertThatThrownBy(() -> n.check("demo", bad)).as(bad)
          .hasMessage("frontends.options: demo.workers: '" + bad + "' (expected: an integer 1-64)");
    }
    FrontendOption t = FrontendOption.text("mode", "fast", Pattern.compile("fast|safe"),
        "fast or safe", "Mode.");
    t.check("demo", "safe");
    assertThatThrownBy(() -> t.check("demo", "Fast")).hasMessageEndingWith("(expected: fast or safe)");
    Path file = Files.writeString(tmp.resolve("f.pem"), "x");
    FrontendOption f = FrontendOption.readableFile("cert", "Cert.");
    f.check("demo", file.toString());
    assertThatThrownBy(() -> f.check("demo", tmp.toString()))
        .hasMessageEndingWith("(expected: a readable file)");
    assertThatThrownBy(() -> FrontendOption.integer("Bad_Name", "1", 1, 2, "x"))
        .hasMessage("option name: 'Bad_Name' (expected: lower-case letters, digits and -)");
  }

  @Test
  void launcherRefusesUnknownOptionsNamingTheKnownOnes() {
    Map<String, Frontend> available = Map.of("demo", frontend(List.of(
        FrontendOption.integer("workers", "4", 1, 64, "Workers."),
        FrontendOption.text("mode", "fast", Pattern.compile("fast|safe"), "fast or safe", "M."))));
    Frontends.checkOptions(available, Map.of("demo.workers", "8", "demo.mode", "safe"));
    assertThatThrownBy(() -> Frontends.checkOptions(available, Map.of("demo.wrokers", "8")))
        .isInstanceOf(GatewayException.class)
        .hasMessage("frontends.options: unknown option 'demo.wrokers' (expected: one of"
            + " demo.workers, demo.mode)");
    assertThatThrownBy(() -> Frontends.checkOptions(available, Map.of("demo.workers", "100")))
        .hasMessage("frontends.options: demo.workers: '100' (expected: an integer 1-64)");
    assertThatThrownBy(() -> Frontends.checkOptions(Map.of("demo", frontend(List.of())),
        Map.of("demo.workers", "8")))
        .hasMessage("frontends.options: unknown option 'demo.workers' (expected: none, frontend"
            + " 'demo' has no options)");
    // Another process's frontend: not this launcher's to judge.
    Frontends.checkOptions(available, Map.of("other.anything", "x"));
    assertThat(available).hasSize(1);
  }
}

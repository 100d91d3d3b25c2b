package dev.estuary.testing.linuxguest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** What needs no guest: the availability property, script inputs, result paths. */
class LinuxGuestTest {

  @TempDir Path tmp;

  @AfterEach
  void clearProperty() {
    System.clearProperty(LinuxGuest.AVAILABILITY_PROPERTY);
  }

  @Test
  void declaredUnavailableAbortsTheTestInsteadOfFailingIt() {
    System.setProperty(LinuxGuest.AVAILABILITY_PROPERTY, "unavailable");
    assertThatThrownBy(() -> LinuxGuest.prepare(tmp))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("-Destuary.linuxGuest=unavailable");
  }

  @Test
  void anyOtherAvailabilityValueIsRefusedNotTakenAsASkip() {
    System.setProperty(LinuxGuest.AVAILABILITY_PROPERTY, "no");
    assertThatThrownBy(() -> LinuxGuest.prepare(tmp))
        .isInstanceOf(LinuxGuestException.class)
        .hasMessage("estuary.linuxGuest: \"no\" (expected: unset or \"unavailable\")");
  }

  @Test
  void inputNamesMustBePlainFileNames() {
    for (String bad : new String[] {"", "a/b", ".", "..", "../x"}) {
      assertThatThrownBy(() -> GuestScript.of("true").withInput(bad, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input file name: \"" + bad + "\"");
    }
    assertThat(GuestScript.of("true").withInput("ok.txt", new byte[] {1}).inputs())
        .containsOnlyKeys("ok.txt");
  }

  @Test
  void inputsAreCopied() {
    byte[] content = {1, 2};
    GuestScript script = GuestScript.of("true").withInput("f", content);
    content[0] = 9;
    assertThat(script.inputs().get("f")).containsExactly(1, 2);
    assertThatThrownBy(() -> script.inputs().put("g", new byte[0]))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new GuestScript("x", Map.of()).inputs()).isEmpty();
  }

  @Test
  void resultFilesStayInsideTheOutputDirectory() {
    Path out = tmp.resolve("out");
    GuestResult result =
        new GuestResult(0, "", "", out, tmp.resolve("console.log"), tmp.resolve("dmesg"), new GuestResult.Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    assertThat(result.file("a/b")).isEqualTo(out.resolve("a/b"));
    assertThatThrownBy(() -> result.file("../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output file name: \"../escape\"");
  }
}

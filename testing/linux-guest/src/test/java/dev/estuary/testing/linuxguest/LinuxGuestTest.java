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

  @Test
  void theDescriptionHoldsTheEndOfTheGuestKernelsLog() throws Exception {
    Path dmesg = tmp.resolve("dmesg");
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= 50; i++) {
      log.append("[    ").append(i).append(".0] line ").append(i).append('\n');
    }
    log.append("[   51.0] CIFS: VFS: \\\\10.0.2.2 Send error in SessSetup = -13\n");
    java.nio.file.Files.writeString(dmesg, log);
    GuestResult result = new GuestResult(32, "out\n", "err\n", tmp.resolve("out"), tmp.resolve("console.log"),
        dmesg, new GuestResult.Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    assertThat(result.dmesgTail(2)).isEqualTo("[    50.0] line 50\n[   51.0] CIFS: VFS: \\\\10.0.2.2 Send error"
        + " in SessSetup = -13");
    assertThat(result.describe()).contains("exit status 32", "Send error in SessSetup = -13", "line 12\n")
        .doesNotContain("line 11\n");
    assertThatThrownBy(() -> result.dmesgTail(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lines: 0");
    GuestResult early = new GuestResult(125, "", "", tmp.resolve("out"), tmp.resolve("console.log"),
        tmp.resolve("no-dmesg"), new GuestResult.Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    assertThat(early.describe()).contains("(no dmesg: the guest did not write");
  }
}

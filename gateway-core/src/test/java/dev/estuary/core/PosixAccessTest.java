package dev.estuary.core;

import static dev.estuary.core.PosixAccess.EXECUTE;
import static dev.estuary.core.PosixAccess.READ;
import static dev.estuary.core.PosixAccess.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PosixAccessTest {
  private static boolean check(int mode, int uid, Set<Integer> gids, int wanted) {
    // Object owned by uid 1000, group 100, a regular file.
    return PosixAccess.permits(mode, 1000, 100, false, uid, gids, wanted);
  }

  @Test
  void ownerGroupAndOtherClassesApplyExclusively() {
    assertThat(check(0640, 1000, Set.of(1000), READ | WRITE)).isTrue();
    assertThat(check(0640, 1000, Set.of(1000), EXECUTE)).isFalse();
    assertThat(check(0640, 2000, Set.of(100), READ)).isTrue();
    assertThat(check(0640, 2000, Set.of(100), WRITE)).isFalse();
    assertThat(check(0640, 2000, Set.of(200), READ)).isFalse();
    // The owner class applies even when it grants less than the group class would.
    assertThat(check(0070, 1000, Set.of(100), READ)).isFalse();
    assertThat(check(0604, 3000, Set.of(300), READ)).isTrue();
  }

  @Test
  void rootBypassesReadWriteButNeedsAnExecuteBitOnFiles() {
    assertThat(check(0000, 0, Set.of(0), READ | WRITE)).isTrue();
    assertThat(check(0000, 0, Set.of(0), EXECUTE)).isFalse();
    assertThat(check(0001, 0, Set.of(0), EXECUTE)).isTrue();
    assertThat(PosixAccess.permits(0000, 1000, 100, true, 0, Set.of(0), EXECUTE)).isTrue();
  }

  @Test
  void wantedOutsideRwxIsRefused() {
    assertThatThrownBy(() -> check(0777, 1000, Set.of(), 8))
        .hasMessage("wanted: 8 (expected: an OR of READ 4, WRITE 2, EXECUTE 1)");
  }
}

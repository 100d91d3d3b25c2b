package dev.estuary.smb.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-session encryption nonces ([MS-SMB2] 3.1.4.3: never reused under one key) and TreeIds. */
class SessionStateTest {
  @Test
  void noncesNeverRepeatAndHaveTheCiphersLength() {
    SessionState s = new SessionState(7, new byte[64]);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      byte[] n = s.nextNonce(i % 2 == 0 ? 11 : 12);
      assertThat(n.length).isEqualTo(i % 2 == 0 ? 11 : 12);
      assertThat(seen.add(java.util.HexFormat.of().formatHex(n, 0, 8))).isTrue();
    }
  }

  @Test
  void treeIdsAreNeverZeroAndNotReusedWhileInUse() {
    SessionState s = new SessionState(7, new byte[64]);
    int a = s.allocateTreeId();
    s.trees().put(a, new TreeState(a, "x", null, 0, false));
    int b = s.allocateTreeId();
    assertThat(a).isNotZero();
    assertThat(b).isNotEqualTo(a).isNotZero();
  }
}

package dev.estuary.smb.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up runs every signing and sealing path the sessions use, to completion (its speed is not judged). */
class CryptoWarmupTest {
  @Test
  void signsSealsAndOpensEveryRound() {
    // Per round: three signatures (GMAC, CMAC, HMAC-SHA256), and a seal and an open under each GCM cipher.
    assertThat(CryptoWarmup.run()).isEqualTo(CryptoWarmup.ROUNDS * (3L + 2 * 2));
  }
}

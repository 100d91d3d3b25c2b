package dev.estuary.smb.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The MessageId window ([MS-SMB2] 3.3.1.1, 3.3.5.2.3). */
class CreditWindowTest {
  @Test
  void startsWithMessageIdZeroOnly() {
    CreditWindow w = new CreditWindow(100);
    assertThat(w.consume(1, 1)).isFalse();
    assertThat(w.consume(0, 1)).isTrue();
    assertThat(w.consume(0, 1)).isFalse();
  }

  @Test
  void grantedCreditsExtendTheWindowAndIdsMayArriveOutOfOrder() {
    CreditWindow w = new CreditWindow(100);
    w.consume(0, 1);
    assertThat(w.grant(10)).isEqualTo(10);
    assertThat(w.consume(5, 1)).isTrue();
    assertThat(w.consume(1, 4)).isTrue();
    assertThat(w.consume(5, 1)).isFalse();
    assertThat(w.consume(3, 1)).isFalse();
    assertThat(w.consume(6, 5)).isTrue();
    assertThat(w.consume(11, 1)).isFalse();
    assertThat(w.available()).isZero();
  }

  @Test
  void aMultiCreditRequestNeedsAllItsIds() {
    CreditWindow w = new CreditWindow(100);
    w.consume(0, 1);
    w.grant(4);
    assertThat(w.consume(1, 5)).isFalse();
    assertThat(w.consume(1, 4)).isTrue();
  }

  @Test
  void grantsStopAtTheLimitButNeverLeaveTheClientWithNone() {
    CreditWindow w = new CreditWindow(8);
    w.consume(0, 1);
    assertThat(w.grant(100)).isEqualTo(8);
    assertThat(w.grant(100)).isZero();
    for (int i = 1; i <= 8; i++) {
      assertThat(w.consume(i, 1)).isTrue();
    }
    assertThat(w.grant(0)).isEqualTo(1);
  }
}

package dev.estuary.node.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void theFirstRestartWaitsNothing() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));
    assertThat(b.delay(0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void laterRestartsDoubleUpToTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(3));
  }
}

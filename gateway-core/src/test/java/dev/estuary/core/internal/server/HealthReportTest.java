package dev.estuary.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {
  @Test
  void upWithOrWithoutDetail_downOrAnythingElseIsNot() {
    assertThat(new HealthReport(Map.of("backend", "UP", "engine", "UP: 3 open references")).up()).isTrue();
    assertThat(new HealthReport(Map.of("backend", "UP", "frontend.s3", "DOWN: port in use")).up()).isFalse();
    assertThat(new HealthReport(Map.of("backend", "UPSTREAM")).up()).isFalse();
    assertThat(new HealthReport(Map.of()).up()).isTrue();
  }
}

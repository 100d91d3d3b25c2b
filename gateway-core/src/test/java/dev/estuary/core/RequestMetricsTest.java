package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The shared metric names as Prometheus shows them. */
class RequestMetricsTest {
  @Test
  void prometheusNamesFollowTheScheme() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RequestMetrics m = new RequestMetrics(registry, "nfs");
    m.record("READ", "NFS4_OK", 2_000_000);
    m.record("READ", "NFS4_OK", 3_000_000);
    m.record("READ", "NFS4ERR_ACCESS", 1_000_000);
    String text = registry.scrape();
    assertThat(text)
        .contains("estuary_nfs_requests_total{op=\"READ\",status=\"NFS4_OK\"} 2.0")
        .contains("estuary_nfs_requests_total{op=\"READ\",status=\"NFS4ERR_ACCESS\"} 1.0")
        .contains("estuary_nfs_request_duration_seconds_count{op=\"READ\",status=\"NFS4_OK\"} 2")
        .contains("estuary_nfs_request_duration_seconds_sum{op=\"READ\",status=\"NFS4_OK\"} 0.005")
        .contains("estuary_nfs_request_duration_seconds_bucket{op=\"READ\",status=\"NFS4_OK\",le=");
    assertThat(m.requestsName()).isEqualTo("estuary.nfs.requests");
    assertThat(m.durationName()).isEqualTo("estuary.nfs.request.duration");
  }

  @Test
  void frontendNamesAreChecked() {
    assertThatThrownBy(() -> new RequestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        "S3 x")).hasMessage("frontend: 'S3 x' (expected: 1-32 lower-case letters and digits)");
  }
}

package dev.estuary.dataset.internal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The dataset service's own counters in the shared registry (exported on {@code /metrics}): samples
 * and bytes served, bytes of checkpoints written, entries scanned. Per-RPC latency and errors by
 * status are recorded by the server's metrics interceptor.
 */
public final class DatasetMetrics {
  private final Counter samples;
  private final Counter bytesRead;
  private final Counter checkpointBytes;
  private final Counter checkpoints;
  private final Counter scanEntries;

  /**
   * Registers the counters.
   *
   * @param registry the shared registry
   */
  public DatasetMetrics(MeterRegistry registry) {
    samples = Counter.builder("estuary.dataset.samples").description("Whole samples or checkpoints served")
        .register(registry);
    bytesRead = Counter.builder("estuary.dataset.read.bytes").baseUnit("bytes")
        .description("Data bytes sent by Get, GetBatch, ReadRange and ReadCheckpoint").register(registry);
    checkpointBytes = Counter.builder("estuary.dataset.checkpoint.bytes").baseUnit("bytes")
        .description("Data bytes of checkpoints published").register(registry);
    checkpoints = Counter.builder("estuary.dataset.checkpoints")
        .description("Checkpoints published").register(registry);
    scanEntries = Counter.builder("estuary.dataset.scan.entries")
        .description("Entries returned by Scan").register(registry);
  }

  /**
   * Counts one whole sample served.
   */
  public void sample() {
    samples.increment();
  }

  /**
   * Counts data bytes sent.
   *
   * @param n the byte count
   */
  public void bytesRead(long n) {
    bytesRead.increment(n);
  }

  /**
   * Counts a published checkpoint.
   *
   * @param bytes its size
   */
  public void checkpoint(long bytes) {
    checkpoints.increment();
    checkpointBytes.increment(bytes);
  }

  /**
   * Counts scan entries returned.
   *
   * @param n the entry count
   */
  public void scanned(long n) {
    scanEntries.increment(n);
  }
}

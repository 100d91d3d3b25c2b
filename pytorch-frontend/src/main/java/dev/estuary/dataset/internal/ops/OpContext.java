package dev.estuary.dataset.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Authorizer;
import dev.estuary.dataset.internal.codec.ServiceLimits;
import dev.estuary.dfs.Dfs;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * What every handler uses, shared by all calls.
 *
 * @param dfs the backend
 * @param authorizer per-volume authorisation
 * @param limits the service limits
 * @param metrics the service's counters
 * @param clock the time source
 * @param io the bounded executor for blocking backend reads and writes
 * @param scanPool the bounded executor that lists directories in parallel for Scan
 * @param scanParallelism how many directories one Scan lists at once
 * @param coordinator an executor for threads that mostly wait (a Scan's ordered merge); the
 *     launcher's virtual-thread executor
 */
public record OpContext(
    Dfs dfs,
    Authorizer authorizer,
    ServiceLimits limits,
    DatasetMetrics metrics,
    Clock clock,
    ExecutorService io,
    ExecutorService scanPool,
    int scanParallelism,
    ExecutorService coordinator) {
  /** Validates the components. */
  public OpContext {
    requireNonNull(dfs, "dfs");
    requireNonNull(authorizer, "authorizer");
    requireNonNull(limits, "limits");
    requireNonNull(metrics, "metrics");
    requireNonNull(clock, "clock");
    requireNonNull(io, "io");
    requireNonNull(scanPool, "scanPool");
    requireNonNull(coordinator, "coordinator");
    if (scanParallelism < 1) {
      throw new IllegalArgumentException("scanParallelism: " + scanParallelism + " (expected: >= 1)");
    }
  }
}

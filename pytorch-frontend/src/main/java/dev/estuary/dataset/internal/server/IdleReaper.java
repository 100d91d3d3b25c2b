package dev.estuary.dataset.internal.server;

import dev.estuary.dataset.internal.ops.CheckpointUploads;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends checkpoint uploads whose client has gone quiet: every tick it asks each open {@link
 * CheckpointUpload} whether it has waited longer than the idle timeout for its next message (issue
 * 8 item 7: a stream that stops after its header was held forever). Time is read from the
 * injected clock, so tests move it forward instead of waiting; the tick itself (a fraction of the
 * timeout, at most one second) only bounds how late the check runs. Runs on the launcher's
 * executor; {@link #close()} stops it.
 */
final class IdleReaper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdleReaper.class);
  private static final long MAX_TICK_MILLIS = 1000;

  private final Clock clock;
  private final long timeoutMillis;
  private final long tickMillis;
  private final Set<CheckpointUpload> uploads = ConcurrentHashMap.newKeySet();
  private final Set<CheckpointUploads> registries = ConcurrentHashMap.newKeySet();
  private final Future<?> task;

  IdleReaper(Clock clock, Duration timeout, ExecutorService executor) {
    this.clock = clock;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.tickMillis = Math.clamp(timeoutMillis / 4, 1, MAX_TICK_MILLIS);
    this.task = executor.submit(this::run);
  }

  /** The current time of the injected clock, in milliseconds. */
  long now() {
    return clock.millis();
  }

  void add(CheckpointUpload u) {
    uploads.add(u);
  }

  void remove(CheckpointUpload u) {
    uploads.remove(u);
  }

  /** Also ends the parallel uploads of a registry that had no message for the timeout. */
  void watch(CheckpointUploads registry) {
    registries.add(registry);
  }

  /** Runs one check now. */
  void sweep() {
    long now = clock.millis();
    for (CheckpointUpload u : uploads) {
      u.expireIfIdle(now, timeoutMillis);
    }
    for (CheckpointUploads r : registries) {
      r.expireIdle(now, timeoutMillis);
    }
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(tickMillis);
        try {
          sweep();
        } catch (RuntimeException e) {
          // One broken upload must not stop the checks of all the others.
          log.warn("idle check of checkpoint uploads failed", e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    task.cancel(true);
  }
}

package dev.estuary.smb.internal.state;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Oplocks.Scheduler}: one daemon timer thread for break timeouts and durable
 * handle expiry (the tasks only flip state and hand work to connections, so one thread is enough).
 */
public final class TimerScheduler implements Oplocks.Scheduler, AutoCloseable {
  private final ScheduledExecutorService timer;

  /** A scheduler with its own daemon thread. */
  public TimerScheduler() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "smb-oplock-timer");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
  }

  @Override
  public Runnable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

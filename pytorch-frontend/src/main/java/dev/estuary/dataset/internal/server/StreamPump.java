package dev.estuary.dataset.internal.server;

import dev.estuary.dataset.internal.ops.MessageSource;
import dev.estuary.dataset.internal.ops.StatusMap;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link MessageSource} into a server stream with gRPC's manual flow control: messages
 * are pulled only while {@link ServerCallStreamObserver#isReady()} (the transport's outbound buffer
 * has room), and pulling resumes from the on-ready callback, so a slow client holds at most about
 * one window of messages in server memory. Cancellation (client cancel, deadline) stops the pump
 * and closes the source. Pulls run on the bounded I/O executor, one at a time per call (a
 * work-in-progress counter serialises them, as gRPC requires of a stream's calls).
 *
 * @param <T> the message type
 */
final class StreamPump<T> implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(StreamPump.class);

  private final ServerCallStreamObserver<T> out;
  private final Executor executor;
  private final AtomicInteger wip = new AtomicInteger();
  private volatile @Nullable MessageSource<T> source;
  private volatile boolean cancelled;
  private boolean terminated;

  private StreamPump(ServerCallStreamObserver<T> out, Executor executor) {
    this.out = out;
    this.executor = executor;
  }

  /**
   * Starts streaming. Must be called from the service method, before it returns (gRPC only
   * accepts the handlers then).
   *
   * @param out the call's response observer
   * @param executor where pulls run
   * @param open builds the source from the wake callback; a failure ends the call with its status
   * @param <T> the message type
   */
  static <T> void start(
      ServerCallStreamObserver<T> out, Executor executor, Function<Runnable, MessageSource<T>> open) {
    StreamPump<T> pump = new StreamPump<>(out, executor);
    out.setOnCancelHandler(() -> {
      pump.cancelled = true;
      pump.wake();
    });
    out.setOnReadyHandler(pump::wake);
    try {
      pump.source = open.apply(pump::wake);
    } catch (RuntimeException e) {
      pump.terminated = true;
      out.onError(StatusMap.toStatus(e));
      return;
    }
    pump.wake();
  }

  void wake() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(this);
    }
  }

  @Override
  public void run() {
    int missed = 1;
    while (true) {
      drain();
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  private void drain() {
    MessageSource<T> src = source;
    if (terminated || src == null) {
      return;
    }
    try {
      if (cancelled) {
        terminated = true;
        src.close();
        return;
      }
      while (out.isReady() && !cancelled) {
        T m = src.poll();
        if (m == null) {
          if (src.finished()) {
            terminated = true;
            src.close();
            out.onCompleted();
          }
          return;
        }
        out.onNext(m);
      }
      if (cancelled) {
        terminated = true;
        src.close();
      }
    } catch (Throwable t) {
      terminated = true;
      src.close();
      if (!cancelled) {
        log.debug("stream failed", t);
        try {
          out.onError(StatusMap.toStatus(t));
        } catch (RuntimeException e) {
          log.debug("could not report the failure of a cancelled stream", e);
        }
      }
    }
  }
}

package dev.estuary.dfs.remote.internal.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds how long a call waits for a server that is away ({@link
 * dev.estuary.dfs.remote.RemoteOptions#outageWait()}). A waitForReady call with a deadline would
 * otherwise be held for its whole deadline, 30 s by default: as long as an S3 client's read
 * timeout, so that client would see its connection time out instead of the 503 it retries.
 *
 * <p>Applies to calls that wait for ready and have a deadline (every unary call of this client,
 * the identity service's and the SSE key service's); streams without a deadline (watches) keep
 * waiting for as long as it takes. The wait runs on the thread that starts the call: the calling
 * thread of a blocking stub. When the server is still away after the wait, the call is made once
 * without waiting, with a deadline of at most {@link #LAST_ATTEMPT}: it fails at once with the
 * transport's own reason (refused, TLS, unknown host), which the caller's error then names.
 */
final class OutageWait implements ClientInterceptor {
  /** While a call waits, how often the channel tries to connect (not its growing back-off). */
  private static final long RECONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  /** The deadline of the one attempt made when the server stayed away for the whole wait. */
  static final Duration LAST_ATTEMPT = Duration.ofSeconds(1);

  private final ManagedChannel channel;
  private final long waitNanos;

  /**
   * Creates the interceptor.
   *
   * @param channel the channel whose state is watched
   * @param wait the longest wait for a server that is away
   */
  OutageWait(ManagedChannel channel, Duration wait) {
    this.channel = channel;
    this.waitNanos = wait.toNanos();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next) {
    Deadline deadline = callOptions.getDeadline();
    if (!callOptions.isWaitForReady() || deadline == null
        || awaitConnected(Math.min(waitNanos, deadline.timeRemaining(TimeUnit.NANOSECONDS)))) {
      return next.newCall(method, callOptions);
    }
    Deadline last = Deadline.after(LAST_ATTEMPT.toNanos(), TimeUnit.NANOSECONDS);
    return next.newCall(method, callOptions.withoutWaitForReady().withDeadline(deadline.minimum(last)));
  }

  /**
   * Waits for the channel to be connected.
   *
   * @param nanos the longest wait
   * @return whether it is
   */
  boolean awaitConnected(long nanos) {
    ConnectivityState state = channel.getState(true);
    if (state == ConnectivityState.READY) {
      return true;
    }
    long start = System.nanoTime();
    long lastKick = start - RECONNECT_NANOS;
    while (state != ConnectivityState.READY) {
      long now = System.nanoTime();
      long left = nanos - (now - start);
      if (left <= 0 || state == ConnectivityState.SHUTDOWN) {
        return false;
      }
      // After a failure the channel waits out a growing back-off before it connects again; a
      // waiting call tries every RECONNECT_NANOS, so a server back after a restart is seen soon.
      if (state == ConnectivityState.TRANSIENT_FAILURE && now - lastKick >= RECONNECT_NANOS) {
        channel.resetConnectBackoff();
        lastKick = now;
      }
      CompletableFuture<Void> changed = new CompletableFuture<>();
      channel.notifyWhenStateChanged(state, () -> changed.complete(null));
      try {
        changed.get(Math.min(left, RECONNECT_NANOS), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // look again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException("channel state listener failed", e);
      }
      state = channel.getState(true);
    }
    return true;
  }
}

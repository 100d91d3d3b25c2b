package dev.estuary.dfs.remote.internal.client;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.FlushRequest;
import dev.estuary.dfs.remote.internal.proto.VolumeRef;
import dev.estuary.dfs.remote.internal.proto.WatchMessage;
import dev.estuary.dfs.remote.internal.proto.WatchRef;
import dev.estuary.dfs.remote.internal.proto.WatchRequest;
import dev.estuary.dfs.support.WatchQueue;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WatchSubscription} over a server-streaming call. Events arriving from the server go to
 * the subscription's {@link WatchQueue} (the contract's coalescing, overflow and ordered delivery
 * on the caller's executor), so a slow listener costs at most {@code queueCapacity} events here,
 * and the server's outbox is bounded the same way.
 *
 * <p>{@link #flush()} is a round trip: the server flushes its subscription and sends a mark after
 * every event published before the call; once the mark arrives, the events queued before it are
 * delivered on the calling thread.
 *
 * <p>If the stream ends without the caller closing the subscription (the engine restarted or went
 * away), events may have been lost: the listener gets one {@link ChangeEvent#OVERFLOW} (the
 * contract's "rescan" signal) and the subscription subscribes again, with back-off, until the
 * server answers; then events flow again. It ends for good (no further events) only when the
 * server refuses the new subscription for a reason a retry cannot change (the watched object is
 * gone, the watch is no longer allowed) or the client is closed.
 */
final class ClientWatch implements WatchSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

  private final ClientCore core;
  private final ObjectId target;
  private final WatchScope scope;
  private final WatchRequest request;
  private final WatchQueue queue;
  private final AtomicLong nextMark = new AtomicLong();
  /** The live stream; null while re-subscribing or once ended. */
  private volatile @Nullable Stream current;
  /** No stream will follow: the server refused a new one, or the client closed. */
  private volatile boolean ended;

  private ClientWatch(ClientCore core, ObjectId target, WatchScope scope, WatchRequest request,
      int capacity, Executor executor, WatchListener listener) {
    this.core = core;
    this.target = target;
    this.scope = scope;
    this.request = request;
    this.queue = new WatchQueue(this, capacity, executor, listener);
  }

  static ClientWatch open(ClientCore core, VolumeRef volume, ObjectId target, WatchScope scope,
      int capacity, Executor executor, WatchListener listener) {
    WatchRequest request = WatchRequest.newBuilder().setClient(core.client()).setVolume(volume)
        .setTarget(Encode.oid(target)).setScopeValue(scope.ordinal()).setQueueCapacity(capacity)
        .build();
    ClientWatch w = new ClientWatch(core, target, scope, request, capacity, executor, listener);
    core.checkOpen();
    Stream s = w.subscribe();
    try {
      s.started.get(core.options().deadline().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw core.error(e.getCause());
    } catch (TimeoutException e) {
      s.cancel("no answer");
      throw core.error(io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.cancel("interrupted");
      throw new DfsException(ErrorKind.IO_ERROR, "watch of " + target + " interrupted", e);
    }
    w.current = s;
    return w;
  }

  /** Starts one stream. */
  private Stream subscribe() {
    Stream s = new Stream();
    // No deadline on the stream itself: it lasts as long as the subscription. Messages are taken
    // on the transport thread, in the order they arrived (they are only queued here, and the
    // listener runs on the caller's executor): an event the server sent before the reply to a
    // call of this client is queued before that call returns.
    core.watchesAsync.withExecutor(Runnable::run).watch(request, s);
    return s;
  }

  /** One server-streaming call of this subscription. */
  private final class Stream implements ClientResponseObserver<WatchRequest, WatchMessage> {
    final CompletableFuture<Long> started = new CompletableFuture<>();
    final ConcurrentHashMap<Long, CompletableFuture<Long>> marks = new ConcurrentHashMap<>();
    private @Nullable ClientCallStreamObserver<WatchRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
      this.call = requestStream;
    }

    void cancel(String why) {
      ClientCallStreamObserver<WatchRequest> c = call;
      if (c != null) {
        c.cancel(why, null);
      }
    }

    long ref() {
      return started.getNow(0L);
    }

    @Override
    public void onNext(WatchMessage m) {
      switch (m.getBodyCase()) {
        case WATCH -> started.complete(m.getWatch());
        case EVENT -> queue.offer(Decode.changeEvent(m.getEvent()));
        case FLUSHED -> {
          CompletableFuture<Long> f = marks.remove(m.getFlushed());
          if (f != null) {
            f.complete(queue.lastSequence());
          }
        }
        default -> LOG.warn("watch of {}: unknown message {}", target, m.getBodyCase());
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!started.completeExceptionally(t)) {
        ended(this, t);
      }
    }

    @Override
    public void onCompleted() {
      DfsException early = new DfsException(ErrorKind.IO_ERROR, "watch of " + target
          + ": stream ended before it started");
      if (!started.completeExceptionally(early)) {
        ended(this, null);
      }
    }
  }

  /** A started stream ended: unless the caller closed the subscription, rescan and re-subscribe. */
  private void ended(Stream s, @Nullable Throwable t) {
    for (CompletableFuture<Long> f : s.marks.values()) {
      f.completeExceptionally(t != null ? t : new DfsException(ErrorKind.UNAVAILABLE, "watch stream ended"));
    }
    synchronized (this) {
      if (current != s || queue.discarded()) {
        return;
      }
      current = null;
    }
    queue.offer(ChangeEvent.OVERFLOW);
    if (core.isClosed()) {
      endForGood("the client is closed");
      return;
    }
    LOG.info("watch of {} at {} ended by the server ({}): delivered OVERFLOW, subscribing again",
        target, core.endpoint(), t == null ? "completed" : t.toString());
    core.schedule(() -> resubscribe(FIRST_RETRY), FIRST_RETRY);
  }

  private void resubscribe(Duration backoff) {
    if (queue.discarded() || core.isClosed()) {
      return;
    }
    Stream s = subscribe();
    s.started.whenComplete((ref, err) -> {
      if (err == null) {
        boolean keep;
        synchronized (this) {
          keep = !queue.discarded();
          if (keep) {
            current = s;
          }
        }
        if (!keep) {
          s.cancel("watch closed");
        } else {
          LOG.info("watch of {} at {} subscribed again", target, core.endpoint());
        }
        return;
      }
      DfsException e = core.error(err);
      if (e.kind() == ErrorKind.UNAVAILABLE || e.kind() == ErrorKind.IO_ERROR) {
        Duration next = backoff.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : backoff.multipliedBy(2);
        core.schedule(() -> resubscribe(next), backoff);
      } else {
        endForGood(e.getMessage());
      }
    });
  }

  private void endForGood(String why) {
    if (!ended) {
      ended = true;
      LOG.warn("watch of {} at {} ends: {}", target, core.endpoint(), why);
    }
  }

  @Override
  public ObjectId target() {
    return target;
  }

  @Override
  public WatchScope scope() {
    return scope;
  }

  @Override
  public void flush() {
    if (queue.discarded()) {
      return;
    }
    Stream s = current;
    long upTo;
    if (s != null) {
      long mark = nextMark.incrementAndGet();
      CompletableFuture<Long> f = new CompletableFuture<>();
      s.marks.put(mark, f);
      try {
        core.call(core.watches, stub -> stub.flush(FlushRequest.newBuilder().setWatch(s.ref()).setMark(mark).build()));
        upTo = f.get(core.options().deadline().toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw core.error(e.getCause());
      } catch (TimeoutException e) {
        throw core.error(io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DfsException(ErrorKind.IO_ERROR, "flush of watch on " + target + " interrupted", e);
      } finally {
        s.marks.remove(mark);
      }
    } else {
      // Between streams (or ended): nothing is in flight from a server, what is queued is all.
      upTo = queue.lastSequence();
    }
    queue.deliverUpTo(upTo);
  }

  @Override
  public void close() {
    Stream s;
    synchronized (this) {
      if (!queue.discard()) {
        return;
      }
      s = current;
      current = null;
    }
    ended = true;
    if (s == null) {
      return;
    }
    if (!core.isClosed()) {
      try {
        core.call(core.watches, stub -> stub.close(WatchRef.newBuilder().setWatch(s.ref()).build()));
      } catch (DfsException e) {
        LOG.debug("closing watch on {}: {}", target, e.toString());
      }
    }
    s.cancel("watch closed");
  }

  @Override
  public String toString() {
    return "RemoteWatch[" + scope + " " + target + "]";
  }
}

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WatchSubscription} over a server-streaming call. Events arriving from the server go to
 * a local queue of the subscription's capacity, with the backend's rules (a data change of the
 * object last queued coalesces; a full queue is replaced by one {@link ChangeEvent#OVERFLOW}), and
 * reach the listener on the caller's executor one at a time, in order. So a slow listener costs at
 * most {@code queueCapacity} events here, and the server's outbox is bounded the same way.
 *
 * <p>{@link #flush()} is a round trip: the server flushes its subscription and sends a mark after
 * every event published before the call; once the mark arrives, the events queued before it are
 * delivered on the calling thread. If the stream ends without being closed (the server went away),
 * the listener gets one {@link ChangeEvent#OVERFLOW}, since events may have been lost, and the
 * subscription delivers nothing more.
 */
final class ClientWatch implements WatchSubscription, ClientResponseObserver<WatchRequest, WatchMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);

  private final ClientCore core;
  private final ObjectId target;
  private final WatchScope scope;
  private final WatchQueue queue;
  private final CompletableFuture<Long> started = new CompletableFuture<>();
  private final ConcurrentHashMap<Long, CompletableFuture<Long>> marks = new ConcurrentHashMap<>();
  private final AtomicLong nextMark = new AtomicLong();
  private volatile boolean ended;
  private volatile long ref;
  private @Nullable ClientCallStreamObserver<WatchRequest> call;

  private ClientWatch(ClientCore core, ObjectId target, WatchScope scope, int capacity,
      Executor executor, WatchListener listener) {
    this.core = core;
    this.target = target;
    this.scope = scope;
    this.queue = new WatchQueue(this, capacity, executor, listener);
  }

  static ClientWatch open(ClientCore core, VolumeRef volume, ObjectId target, WatchScope scope,
      int capacity, Executor executor, WatchListener listener) {
    ClientWatch w = new ClientWatch(core, target, scope, capacity, executor, listener);
    WatchRequest request = WatchRequest.newBuilder().setClient(core.client()).setVolume(volume)
        .setTarget(Encode.oid(target)).setScopeValue(scope.ordinal()).setQueueCapacity(capacity)
        .build();
    core.checkOpen();
    // No deadline on the stream itself: it lasts as long as the subscription. Messages are taken
    // on the transport thread, in the order they arrived (they are only queued here, and the
    // listener runs on the caller's executor): an event the server sent before the reply to a
    // call of this client is queued before that call returns.
    core.watchesAsync.withExecutor(Runnable::run).watch(request, w);
    try {
      w.ref = w.started.get(core.options().deadline().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw core.error(e.getCause());
    } catch (TimeoutException e) {
      w.call.cancel("no answer", null);
      throw core.error(io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.call.cancel("interrupted", null);
      throw new DfsException(ErrorKind.IO_ERROR, "watch of " + target + " interrupted", e);
    }
    return w;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
    this.call = requestStream;
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
    if (started.completeExceptionally(t)) {
      return;
    }
    streamEnded(t);
  }

  @Override
  public void onCompleted() {
    if (started.completeExceptionally(new DfsException(ErrorKind.IO_ERROR,
        "watch of " + target + ": stream ended before it started"))) {
      return;
    }
    streamEnded(null);
  }

  private void streamEnded(Throwable t) {
    for (CompletableFuture<Long> f : marks.values()) {
      f.completeExceptionally(t != null ? t : new DfsException(ErrorKind.IO_ERROR, "watch ended"));
    }
    if (!queue.discarded() && queue.endWith(ChangeEvent.OVERFLOW)) {
      // Nothing more can come; what is queued is still delivered.
      ended = true;
      LOG.info("watch of {} at {} ended by the server ({}): delivered OVERFLOW", target,
          core.endpoint(), t == null ? "completed" : t.toString());
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
    long upTo;
    if (!ended) {
      long mark = nextMark.incrementAndGet();
      CompletableFuture<Long> f = new CompletableFuture<>();
      marks.put(mark, f);
      try {
        core.call(core.watches, s -> s.flush(FlushRequest.newBuilder().setWatch(ref).setMark(mark).build()));
        upTo = f.get(core.options().deadline().toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw core.error(e.getCause());
      } catch (TimeoutException e) {
        throw core.error(io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DfsException(ErrorKind.IO_ERROR, "flush of watch on " + target + " interrupted", e);
      } finally {
        marks.remove(mark);
      }
    } else {
      upTo = queue.lastSequence();
    }
    queue.deliverUpTo(upTo);
  }

  @Override
  public void close() {
    if (!queue.discard()) {
      return;
    }
    ended = true;
    if (!core.isClosed()) {
      try {
        core.call(core.watches, s -> s.close(WatchRef.newBuilder().setWatch(ref).build()));
      } catch (DfsException e) {
        LOG.debug("closing watch on {}: {}", target, e.toString());
      }
    }
    call.cancel("watch closed", null);
  }

  @Override
  public String toString() {
    return "RemoteWatch[" + scope + " " + target + "]";
  }
}

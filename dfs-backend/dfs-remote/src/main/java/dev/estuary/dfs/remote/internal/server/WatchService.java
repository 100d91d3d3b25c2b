package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.ChangeEventMsg;
import dev.estuary.dfs.remote.internal.proto.Empty;
import dev.estuary.dfs.remote.internal.proto.FlushRequest;
import dev.estuary.dfs.remote.internal.proto.WatchMessage;
import dev.estuary.dfs.remote.internal.proto.WatchRef;
import dev.estuary.dfs.remote.internal.proto.WatchRequest;
import dev.estuary.dfs.remote.internal.proto.WatchesGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Watches: each subscription is a server-streaming call carrying the backend's events. The
 * backend's own queue (of the capacity the client asked for) feeds the stream; while the transport
 * is not ready (the client reads slowly) events wait in an outbox of the same capacity with the
 * backend's rules (a data change coalesces with a queued one of the same object; a full outbox is
 * replaced by one {@link ChangeEvent#OVERFLOW}), so a slow client costs the server bounded memory.
 * {@code Flush} flushes the backend subscription, so every event published before it has reached
 * the stream, then sends a mark after them, which the client waits for.
 */
public final class WatchService extends WatchesGrpc.WatchesImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();
  private final ServerContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public WatchService(ServerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void watch(WatchRequest r, StreamObserver<WatchMessage> out) {
    ServerCallStreamObserver<WatchMessage> call = (ServerCallStreamObserver<WatchMessage>) out;
    Stream stream = new Stream(call, Math.max(1, r.getQueueCapacity()));
    long[] ref = {0};
    call.setOnCancelHandler(() -> {
      stream.cancelled = true;
      if (ref[0] != 0) {
        ctx.references().close(ref[0]);
      }
    });
    call.setOnReadyHandler(stream::drain);
    WatchSubscription sub;
    try {
      // The backend's delivery runs on the writer's thread (a direct executor): the listener only
      // hands the event to Netty (or to the bounded outbox), never blocks and takes no backend lock.
      // So an event leaves before the reply to the call that caused it, on the same connection, and a
      // client watching its own changes has the event queued when that call returns, as in-process.
      sub = ctx.volume(r.getVolume()).watch(Decode.oid(r.getTarget()),
          Decode.watchScope(r.getScopeValue()), r.getQueueCapacity(), Runnable::run, stream::offer);
      stream.subscription = sub;
      ref[0] = ctx.references().add(r.getClient(), stream, () -> {
        sub.close();
        stream.end();
      }, 0);
    } catch (RuntimeException e) {
      out.onError(Calls.status(e));
      return;
    }
    if (stream.cancelled) {
      ctx.references().close(ref[0]);
      return;
    }
    stream.start(WatchMessage.newBuilder().setWatch(ref[0]).build());
  }

  @Override
  public void flush(FlushRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      Stream s = ctx.references().get(r.getWatch(), Stream.class, "watch");
      WatchSubscription sub = s.subscription;
      if (sub != null) {
        sub.flush();
      }
      s.send(WatchMessage.newBuilder().setFlushed(r.getMark()).build());
      return EMPTY;
    });
  }

  @Override
  public void close(WatchRef r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.references().close(r.getWatch());
      return EMPTY;
    });
  }

  /** One subscription's stream and its bounded outbox. */
  static final class Stream {
    private final ServerCallStreamObserver<WatchMessage> call;
    private final int capacity;
    // Guarded by this.
    private final ArrayDeque<WatchMessage> outbox = new ArrayDeque<>();
    private int queuedEvents;
    private boolean started;
    private boolean ended;
    volatile boolean cancelled;
    volatile @Nullable WatchSubscription subscription;

    Stream(ServerCallStreamObserver<WatchMessage> call, int capacity) {
      this.call = call;
      this.capacity = capacity;
    }

    void offer(ChangeEvent e) {
      ChangeEventMsg m = Encode.changeEvent(e);
      synchronized (this) {
        if (ended || cancelled) {
          return;
        }
        if (started && outbox.isEmpty() && call.isReady()) {
          call.onNext(WatchMessage.newBuilder().setEvent(m).build());
          return;
        }
        WatchMessage last = outbox.peekLast();
        if (e.kind() == ChangeKind.MODIFIED && last != null && last.hasEvent()
            && last.getEvent().getKind() == m.getKind()
            && Objects.equals(last.getEvent().getObject(), m.getObject())
            && Objects.equals(last.getEvent().getDirectory(), m.getDirectory())
            && Objects.equals(last.getEvent().getName(), m.getName())) {
          outbox.pollLast();
          outbox.addLast(WatchMessage.newBuilder().setEvent(m).build());
        } else if (queuedEvents >= capacity) {
          // Marks are kept: a flush waiting for one must not wait for its deadline.
          ArrayDeque<WatchMessage> marks = new ArrayDeque<>();
          for (WatchMessage w : outbox) {
            if (!w.hasEvent()) {
              marks.add(w);
            }
          }
          outbox.clear();
          outbox.add(WatchMessage.newBuilder().setEvent(Encode.changeEvent(ChangeEvent.OVERFLOW)).build());
          outbox.addAll(marks);
          queuedEvents = 1;
        } else {
          outbox.addLast(WatchMessage.newBuilder().setEvent(m).build());
          queuedEvents++;
        }
      }
    }

    /** Sends the subscription's reference first, then what was published meanwhile. */
    synchronized void start(WatchMessage ref) {
      if (ended || cancelled) {
        return;
      }
      started = true;
      call.onNext(ref);
      drain();
    }

    synchronized void send(WatchMessage m) {
      if (ended || cancelled) {
        return;
      }
      if (started && outbox.isEmpty() && call.isReady()) {
        call.onNext(m);
      } else {
        outbox.addLast(m);
      }
    }

    synchronized void drain() {
      while (started && !ended && !cancelled && !outbox.isEmpty() && call.isReady()) {
        WatchMessage m = outbox.pollFirst();
        if (m.hasEvent()) {
          queuedEvents--;
        }
        call.onNext(m);
      }
    }

    synchronized void end() {
      if (ended) {
        return;
      }
      ended = true;
      outbox.clear();
      if (!cancelled) {
        try {
          call.onCompleted();
        } catch (RuntimeException e) {
          // The call is already over (cancelled concurrently): nothing to end.
        }
      }
    }
  }
}

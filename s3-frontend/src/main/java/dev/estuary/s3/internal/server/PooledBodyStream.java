package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A request body as a blocking stream that reads Armeria's pooled (direct) buffers as they came
 * off the socket. Armeria's own {@code HttpRequest.toInputStream} subscribes without pooled
 * objects, so every piece is first copied to a heap array, and asks for one piece at a time, so
 * the reading thread waits for an event-loop round trip for every piece; on a large PUT both
 * showed up in the server's CPU per GiB (s3-frontend README, "Large PUT CPU").
 *
 * <p>Here the subscription takes the pooled buffers and keeps reading ahead while less than
 * {@value #AHEAD_BYTES} bytes wait to be read (backpressure still holds: a slow reader stops
 * the connection being read), asking for the next piece from the event loop as each arrives.
 * Readers either copy into a byte array ({@link #read(byte[], int, int)}) or, through {@link
 * ReadableByteChannel}, straight into a direct buffer that then goes to the file without another
 * copy. Every buffer is released once read, or on {@link #close()}.
 */
final class PooledBodyStream extends InputStream implements ReadableByteChannel {
  /** Bytes read ahead of the reader, at most (plus one piece). */
  static final int AHEAD_BYTES = 1 << 20;

  private static final Object END = new Object();

  private record Failure(Throwable cause) {}

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final EventExecutor executor;
  private volatile @Nullable Subscription subscription;
  /** Bytes queued and not yet read. */
  private final AtomicLong queued = new AtomicLong();
  /** Whether a piece is requested and not yet delivered (one at a time). */
  private final AtomicBoolean requested = new AtomicBoolean();
  private @Nullable ByteBuf current;
  private boolean ended;
  private @Nullable Throwable failed;
  private volatile boolean closed;

  /**
   * Subscribes to a request's body.
   *
   * @param req the request
   * @param executor the request's event loop, where the subscription runs
   */
  PooledBodyStream(HttpRequest req, EventExecutor executor) {
    this.executor = executor;
    req.subscribe(new Subscriber<HttpObject>() {
      @Override
      public void onSubscribe(Subscription s) {
        subscription = s;
        if (closed) {
          s.cancel();
          return;
        }
        requested.set(true);
        s.request(1);
      }

      @Override
      public void onNext(HttpObject o) {
        requested.set(false);
        if (o instanceof HttpData d && !d.isEmpty() && !closed) {
          queued.addAndGet(d.length());
          queue.add(d.byteBuf());
          if (closed) {
            drain(); // close() may have drained just before this piece was queued
            return;
          }
        } else if (o instanceof HttpData d) {
          d.close(); // empty, or read after close()
        }
        // Headers (trailers) carry no payload; either way, read on while there is room.
        moreIfRoom();
      }

      @Override
      public void onError(Throwable t) {
        queue.add(new Failure(t));
      }

      @Override
      public void onComplete() {
        queue.add(END);
      }
    }, executor, SubscriptionOption.WITH_POOLED_OBJECTS);
  }

  /** Returns the piece being read, taking the next one when it is used up; null at the end. */
  private @Nullable ByteBuf buffer() throws IOException {
    ByteBuf b = current;
    if (b != null && b.isReadable()) {
      return b;
    }
    if (b != null) {
      current = null;
      b.release();
    }
    if (ended) {
      return null;
    }
    if (failed != null) {
      throw interrupted(failed);
    }
    if (closed) {
      throw new ClosedChannelException();
    }
    Object next;
    try {
      next = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException x = new InterruptedIOException("interrupted reading the body");
      x.initCause(e);
      throw x;
    }
    if (next == END) {
      ended = true;
      return null;
    }
    if (next instanceof Failure f) {
      failed = f.cause();
      throw interrupted(f.cause());
    }
    ByteBuf taken = (ByteBuf) next;
    current = taken;
    queued.addAndGet(-taken.readableBytes());
    moreIfRoom();
    return taken;
  }

  /** Asks for the next piece when none is asked for and the read-ahead has room. */
  private void moreIfRoom() {
    Subscription s = subscription;
    if (s == null || closed || queued.get() >= AHEAD_BYTES || !requested.compareAndSet(false, true)) {
      return;
    }
    if (executor.inEventLoop()) {
      s.request(1);
    } else {
      executor.execute(() -> s.request(1));
    }
  }

  private static InterruptedIOException interrupted(Throwable cause) {
    InterruptedIOException x = new InterruptedIOException("the request body failed: " + cause);
    x.initCause(cause);
    return x;
  }

  @Override
  public int read() throws IOException {
    ByteBuf b = buffer();
    return b == null ? -1 : b.readByte() & 0xff;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    ByteBuf b = buffer();
    if (b == null) {
      return -1;
    }
    int n = Math.min(len, b.readableBytes());
    b.readBytes(dst, off, n);
    return n;
  }

  /**
   * Copies the next bytes into {@code dst} (direct to direct when both are), at most one piece.
   *
   * @param dst where the bytes go
   * @return the bytes copied, or -1 at the end of the body
   * @throws IOException when the body fails
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) {
      return 0;
    }
    ByteBuf b = buffer();
    if (b == null) {
      return -1;
    }
    int n = Math.min(dst.remaining(), b.readableBytes());
    int limit = dst.limit();
    dst.limit(dst.position() + n);
    b.readBytes(dst);
    dst.limit(limit);
    return n;
  }

  @Override
  public int available() {
    ByteBuf b = current;
    return b == null ? 0 : b.readableBytes();
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Releases every buffer not read. Nothing more is requested: like a reader that stopped, the
   * rest of the body stays unread (what happens to the connection is Armeria's decision, as
   * before); pieces already requested are released as they arrive.
   */
  @Override
  public void close() {
    closed = true;
    ByteBuf b = current;
    if (b != null) {
      current = null;
      b.release();
    }
    drain();
  }

  private void drain() {
    for (Object o; (o = queue.poll()) != null; ) {
      if (o instanceof ByteBuf b) {
        b.release();
      }
    }
  }
}

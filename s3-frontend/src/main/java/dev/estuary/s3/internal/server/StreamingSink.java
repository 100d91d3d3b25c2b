package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponseWriter;
import dev.estuary.s3.internal.ops.BodySink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BodySink} over an Armeria response writer. Buffers are pooled direct Netty buffers, so
 * a backend read lands in memory the socket write uses as is (no heap copy); after each piece the
 * writer waits until the connection took it ({@link HttpResponseWriter#whenConsumed()}), so at
 * most one piece per response is in flight.
 */
final class StreamingSink implements BodySink {
  private final HttpResponseWriter writer;
  private final ByteBufAllocator alloc;
  private final Runnable progress;
  private @Nullable ByteBuf current;
  private long lastProgress = System.nanoTime();

  StreamingSink(HttpResponseWriter writer, ByteBufAllocator alloc, Runnable progress) {
    this.writer = writer;
    this.alloc = alloc;
    this.progress = progress;
  }

  @Override
  public ByteBuffer buffer(int capacity) {
    if (current != null) {
      current.release();
    }
    current = alloc.directBuffer(capacity, capacity);
    return current.nioBuffer(0, capacity);
  }

  @Override
  public void send(ByteBuffer filled) throws IOException {
    ByteBuf b = current;
    if (b == null) {
      throw new IllegalStateException("send() without buffer()");
    }
    current = null;
    b.writerIndex(filled.position());
    if (!writer.tryWrite(HttpData.wrap(b))) {
      b.release();
      throw new IOException("the client closed the connection");
    }
    try {
      writer.whenConsumed().join();
      long now = System.nanoTime();
      if (now - lastProgress >= 1_000_000_000L) {
        // Moving the idle deadline is an event-loop task: once a second is enough.
        lastProgress = now;
        progress.run();
      }
    } catch (RuntimeException e) {
      throw new IOException("the client closed the connection", e);
    }
  }

  void releaseUnsent() {
    if (current != null) {
      current.release();
      current = null;
    }
  }
}

package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.HttpRequest;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.RequestBody;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.concurrent.EventExecutor;
import java.io.FilterInputStream;
import java.time.Duration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A request body read through Armeria's {@link HttpRequest#toInputStream}: the stream subscribes
 * with demand for one piece at a time, so the connection is read only as fast as the handler
 * writes to the backend (backpressure), whatever the body size.
 */
final class ArmeriaBody implements RequestBody {
  private final HttpRequest req;
  private final ServiceRequestContext ctx;
  private final Duration idle;
  private final EventExecutor executor;
  private final UnaryOperator<InputStream> payload;
  private final long declared;
  private final Supplier<Map<String, String>> trailers;
  private final Runnable beforeFirstRead;
  private @Nullable InputStream stream;
  private @Nullable PooledBodyStream pooled;

  /**
   * @param beforeFirstRead runs once, when the handler first asks for the body (it sends the
   *     {@code 100 Continue} a client waiting for one needs before it sends the body)
   */
  ArmeriaBody(HttpRequest req, ServiceRequestContext ctx, Duration idle,
      UnaryOperator<InputStream> payload, long declared, Supplier<Map<String, String>> trailers,
      Runnable beforeFirstRead) {
    this.req = req;
    this.ctx = ctx;
    this.idle = idle;
    this.executor = ctx.eventLoop();
    this.payload = payload;
    this.declared = declared;
    this.trailers = trailers;
    this.beforeFirstRead = beforeFirstRead;
  }

  @Override
  public synchronized InputStream stream() {
    if (stream == null) {
      beforeFirstRead.run();
      pooled = new PooledBodyStream(req, executor);
      stream = payload.apply(new IdleWatch(pooled));
    }
    return stream;
  }

  @Override
  public long declaredLength() {
    return declared;
  }

  @Override
  public Map<String, String> trailers() {
    return trailers.get();
  }

  @Override
  public byte[] readAll(int max) throws IOException {
    if (declared > max) {
      throw new S3Exception(S3ErrorCode.MAX_MESSAGE_LENGTH_EXCEEDED,
          "body length: " + declared + " bytes (expected: <= " + max + ")");
    }
    byte[] b = stream().readNBytes(max + 1);
    if (b.length > max) {
      throw new S3Exception(S3ErrorCode.MAX_MESSAGE_LENGTH_EXCEEDED,
          "body length: more than " + max + " bytes (expected: <= " + max + ")");
    }
    // Drain to the end so end-of-stream checks (payload hash, chunk signatures) run.
    if (stream().read() >= 0) {
      throw new S3Exception(S3ErrorCode.MAX_MESSAGE_LENGTH_EXCEEDED,
          "body length: more than " + max + " bytes (expected: <= " + max + ")");
    }
    return b;
  }

  /**
   * Pushes the request deadline forward on every piece received, so a transfer may take as long
   * as it needs while a client that stops sending is cut off after the idle timeout; once the body
   * has ended, the server's own work (say, concatenating parts) has no deadline.
   */
  private final class IdleWatch extends FilterInputStream implements ReadableByteChannel {
    private final PooledBodyStream body;

    IdleWatch(PooledBodyStream in) {
      super(in);
      this.body = in;
    }

    /** Reads straight into {@code dst} (a direct buffer goes to the file without a copy). */
    @Override
    public int read(ByteBuffer dst) throws IOException {
      int n = body.read(dst);
      touch(n < 0);
      return n;
    }

    @Override
    public boolean isOpen() {
      return body.isOpen();
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      touch(c < 0);
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      touch(n < 0);
      return n;
    }

    private long lastTouch = System.nanoTime();

    private void touch(boolean end) {
      if (end) {
        ctx.clearRequestTimeout();
        return;
      }
      // Moving the deadline is a task on the event loop: do it at most once a second, which
      // keeps the idle timeout within a second of exact.
      long now = System.nanoTime();
      if (now - lastTouch >= 1_000_000_000L) {
        lastTouch = now;
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, idle);
      }
    }
  }

  /**
   * Releases the body's buffers not read; called once the handler is done with the request.
   */
  synchronized void release() {
    if (pooled != null) {
      pooled.close();
    }
  }

  @Override
  public void discard() {
    if (stream == null) {
      req.abort();
    }
  }
}

package dev.estuary.smb.internal.server;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: frames from the Direct-TCP decoder are processed one at a time, in arrival order,
 * on the shared executor (never on the event loop, since handlers call the backend). Memory per
 * connection is bounded: the frame decoder caps each frame, and once {@code maxQueued} frames wait, the
 * socket stops being read until the queue drains to half, so TCP flow control holds the client back.
 */
public final class SmbConnection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(SmbConnection.class);

  private final Dispatcher dispatcher;
  private final Executor executor;
  private final int maxQueued;
  private final Queue<ByteBuf> queue = new ArrayDeque<>();
  private boolean running;
  private boolean closed;
  private boolean released;

  /**
   * A connection.
   *
   * @param dispatcher this connection's dispatcher
   * @param executor where frames are processed
   * @param maxQueued the most frames waiting before reading pauses
   */
  public SmbConnection(Dispatcher dispatcher, Executor executor, int maxQueued) {
    this.dispatcher = requireNonNull(dispatcher, "dispatcher");
    this.executor = requireNonNull(executor, "executor");
    this.maxQueued = maxQueued;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    boolean start;
    synchronized (this) {
      if (closed) {
        frame.release();
        return;
      }
      queue.add(frame);
      if (queue.size() >= maxQueued) {
        ctx.channel().config().setAutoRead(false);
      }
      start = !running;
      running = true;
    }
    if (start) {
      executor.execute(() -> drain(ctx));
    }
  }

  private void drain(ChannelHandlerContext ctx) {
    while (true) {
      ByteBuf frame;
      synchronized (this) {
        // close() releases whatever is queued, so a closed connection has nothing left to process.
        frame = closed ? null : queue.poll();
        if (frame == null && !closed) {
          running = false;
          return;
        }
      }
      if (frame == null) {
        releaseState();
        return;
      }
      synchronized (this) {
        if (queue.size() <= maxQueued / 2 && !ctx.channel().config().isAutoRead()) {
          ctx.channel().config().setAutoRead(true);
        }
      }
      Dispatcher.Output out;
      try {
        out = dispatcher.process(frame);
      } catch (RuntimeException e) {
        log.warn("smb connection {}: frame processing failed", ctx.channel().remoteAddress(), e);
        out = Dispatcher.Output.DROP;
      } finally {
        ReferenceCountUtil.release(frame);
      }
      if (out.response() != null) {
        if (out.disconnect()) {
          ctx.writeAndFlush(out.response()).addListener(f -> ctx.close());
        } else {
          ctx.writeAndFlush(out.response());
        }
      } else if (out.disconnect()) {
        ctx.close();
      }
      if (out.disconnect()) {
        close();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    close();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Framing errors (a length beyond the cap, a non-Direct-TCP prefix): the stream cannot be resynchronised.
    log.info("smb connection {} closed: {}", ctx.channel().remoteAddress(), cause.getMessage());
    close();
    ctx.close();
  }

  /**
   * Releases the dispatcher's state (opens, share reservations) once, on the processing task, so it never
   * runs while a frame is being handled.
   */
  private void releaseState() {
    synchronized (this) {
      if (released) {
        running = false;
        return;
      }
      released = true;
    }
    try {
      dispatcher.close();
    } catch (RuntimeException e) {
      log.warn("smb connection: releasing its opens failed", e);
    } finally {
      synchronized (this) {
        running = false;
      }
    }
  }

  private void close() {
    boolean start;
    synchronized (this) {
      closed = true;
      ByteBuf b;
      while ((b = queue.poll()) != null) {
        b.release();
      }
      start = !running && !released;
      if (start) {
        running = true;
      }
    }
    if (start) {
      try {
        executor.execute(this::releaseState);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // The server is stopping and its executor no longer takes tasks: release here, nothing else runs.
        releaseState();
      }
    }
  }
}

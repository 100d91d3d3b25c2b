package dev.estuary.smb.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.ClientSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: frames from the Direct-TCP decoder are processed one at a time, in arrival order,
 * on the shared executor (never on the event loop, since handlers call the backend). Memory per
 * connection is bounded: the frame decoder caps each frame, and once {@code maxQueued} frames wait, the
 * socket stops being read until the queue drains to half, so TCP flow control holds the client back.
 * Async completions ({@link Dispatcher.AsyncSink}) run on the same serial path, before the next frame, and
 * once the connection closes the dispatcher's pending operations are stopped there too.
 */
public final class SmbConnection extends ChannelInboundHandlerAdapter implements Dispatcher.AsyncSink {
  private static final Logger log = LoggerFactory.getLogger(SmbConnection.class);

  private final Dispatcher dispatcher;
  private final Executor executor;
  private final int maxQueued;
  private final Queue<ByteBuf> queue = new ArrayDeque<>();
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;
  private boolean closed;
  private boolean stopped;
  private volatile @Nullable ChannelHandlerContext context;

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
    dispatcher.attach(this);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
    if (ctx.channel().parent() != null && ctx.channel().parent().localAddress() instanceof InetSocketAddress a) {
      // Set before the first frame is read; the executor's hand-off publishes it to the processing thread.
      dispatcher.connection().listenAddress(a);
    }
  }

  @Override
  public void execute(Runnable task) {
    boolean start;
    synchronized (this) {
      if (closed) {
        return;
      }
      tasks.add(task);
      start = !running;
      running = true;
    }
    ChannelHandlerContext ctx = context;
    if (start && ctx != null) {
      executor.execute(() -> drain(ctx));
    }
  }

  /**
   * The connection's established sessions and their opens ({@code estuary status}), read on the serial
   * path after the frame being processed, so the view is consistent. Never completes once the connection
   * has closed: callers bound the wait.
   *
   * @return the sessions, when the serial path gets to it
   */
  public CompletableFuture<List<ClientSession>> sessions() {
    CompletableFuture<List<ClientSession>> f = new CompletableFuture<>();
    ChannelHandlerContext ctx = context;
    String client = ctx != null && ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress() + ":" + a.getPort() : "?";
    execute(() -> f.complete(SessionReport.of(dispatcher.connection(), client)));
    return f;
  }

  @Override
  public void send(ByteBuf frame) {
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      frame.release();
      return;
    }
    ctx.writeAndFlush(frame);
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
      ByteBuf frame = null;
      Runnable task;
      boolean stop = false;
      boolean exit = false;
      synchronized (this) {
        if (closed) {
          exit = true;
          running = false;
          stop = !stopped;
          stopped = true;
          task = null;
        } else {
          task = tasks.poll();
          if (task == null) {
            frame = queue.poll();
            if (frame == null) {
              running = false;
              return;
            }
            if (queue.size() <= maxQueued / 2 && !ctx.channel().config().isAutoRead()) {
              ctx.channel().config().setAutoRead(true);
            }
          }
        }
      }
      if (exit) {
        if (stop) {
          try {
            dispatcher.close();
          } catch (RuntimeException e) {
            log.warn("smb connection {}: releasing its state failed", ctx.channel().remoteAddress(), e);
          }
        }
        return;
      }
      if (task != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("smb connection {}: async completion failed", ctx.channel().remoteAddress(), e);
        }
        continue;
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

  private void close() {
    boolean start;
    synchronized (this) {
      closed = true;
      ByteBuf b;
      while ((b = queue.poll()) != null) {
        b.release();
      }
      tasks.clear();
      // The dispatcher's async operations are stopped on the serial path: start it if it is idle.
      start = !running && !stopped;
      running |= start;
    }
    ChannelHandlerContext ctx = context;
    if (start && ctx != null) {
      try {
        executor.execute(() -> drain(ctx));
      } catch (RejectedExecutionException e) {
        // The server is stopping and its executor no longer takes tasks: release here, nothing else runs.
        drain(ctx);
      }
    }
  }
}

package dev.estuary.smb.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.ClientSession;
import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.DirectTcpFrameDecoder;
import dev.estuary.smb.internal.codec.DirectTcpFrameEncoder;
import dev.estuary.smb.internal.ops.ServerServices;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMB listener: Direct TCP ([MS-SMB2] 2.1) on Netty, one {@link SmbConnection} with its own
 * {@link Dispatcher} per accepted connection, at most {@code maxConnections} at once.
 */
public final class SmbServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmbServer.class);

  private final EventLoopGroup group;
  private final Channel listener;
  private final ChannelGroup connections;

  private SmbServer(EventLoopGroup group, Channel listener, ChannelGroup connections) {
    this.group = group;
    this.listener = listener;
    this.connections = connections;
  }

  /**
   * Binds and starts accepting.
   *
   * @param services the handlers' services
   * @param metrics the request metrics ({@code estuary_smb_*})
   * @param executor where requests are processed (the gateway's shared executor)
   * @param address the address to bind
   * @param port the port, 0 for a free one
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   */
  public static SmbServer start(ServerServices services, RequestMetrics metrics, ExecutorService executor,
      InetAddress address, int port) throws InterruptedException {
    requireNonNull(services, "services");
    requireNonNull(metrics, "metrics");
    requireNonNull(executor, "executor");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    int maxFrame = DirectTcpFrameDecoder.maxFrameFor(services.settings().limits());
    int maxQueued = services.settings().maxQueuedFrames();
    int maxConnections = services.settings().maxConnections();
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    try {
      Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              if (connections.size() >= maxConnections) {
                // Past the limit the connection is closed before anything is read or allocated for it.
                log.info("smb connection from {} refused: {} connections open (limit {})", c.remoteAddress(),
                    connections.size(), maxConnections);
                c.close();
                return;
              }
              connections.add(c);
              c.pipeline().addLast(new DirectTcpFrameDecoder(maxFrame), new DirectTcpFrameEncoder(),
                  new SmbConnection(new Dispatcher(services, metrics), executor, maxQueued));
            }
          }).bind(new InetSocketAddress(address, port)).sync().channel();
      return new SmbServer(group, ch, connections);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * The bound address, with the real port when 0 was asked for.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /**
   * How many connections are open.
   *
   * @return the count
   */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * The established sessions of every connection, each read on its connection's serial path. A connection
   * busy with one request past {@code bound} (or closing meanwhile) is left out rather than holding up the
   * caller.
   *
   * @param bound how long to wait for all connections together
   * @return the sessions, connection by connection
   */
  public List<ClientSession> sessions(Duration bound) {
    List<CompletableFuture<List<ClientSession>>> pending = new ArrayList<>();
    for (Channel c : connections) {
      SmbConnection conn = c.pipeline().get(SmbConnection.class);
      if (conn != null) {
        pending.add(conn.sessions());
      }
    }
    long deadline = System.nanoTime() + bound.toNanos();
    List<ClientSession> out = new ArrayList<>();
    int skipped = 0;
    for (CompletableFuture<List<ClientSession>> f : pending) {
      try {
        out.addAll(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException | ExecutionException e) {
        skipped++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (skipped > 0) {
      log.info("smb sessions: {} connection(s) did not answer within {} and are left out", skipped, bound);
    }
    return out;
  }

  /**
   * Stops accepting, closes the connections after at most {@code drain}, and releases the threads.
   *
   * @param drain how long to wait for the event loops to finish
   */
  public void stop(Duration drain) {
    listener.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly(drain.toMillis());
    group.shutdownGracefully(0, drain.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(2));
  }
}

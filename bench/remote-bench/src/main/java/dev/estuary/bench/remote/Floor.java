package dev.estuary.bench.remote;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The floor under a dfs-remote round trip on this machine: the same message size sent to a second
 * JVM and back, once over a bare unix socket (a thread blocked in {@code read} on each side, no
 * framework: two wake-ups per round trip) and once as a gRPC unary call over the same Netty epoll
 * transport dfs-remote uses, with nothing behind it (the reply is the request). What dfs-remote's
 * getAttributes costs above the second is ours; what the second costs above the first is gRPC's
 * and Netty's (HTTP/2 framing, event-loop hand-offs); the first is the kernel's and the scheduler's.
 *
 * <p>{@code Floor serve DIR} is the server JVM's main (it prints {@code ready}); {@link Client}
 * is this JVM's side.
 */
public final class Floor {
  /** Bytes of each request and reply: about a getAttributes reply. */
  static final int MESSAGE = 128;

  /** The echo method: bytes in, the same bytes out. */
  static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("estuary.bench.Floor", "Echo"))
      .setRequestMarshaller(Bytes.INSTANCE)
      .setResponseMarshaller(Bytes.INSTANCE)
      .build();

  private Floor() {}

  /** Marshals a byte array as itself. */
  private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static Path rawSocket(Path dir) {
    return dir.resolve("floor-raw.sock");
  }

  static Path grpcSocket(Path dir) {
    return dir.resolve("floor-grpc.sock");
  }

  /**
   * Serves both echoes until killed.
   *
   * @param args {@code serve DIR}
   * @throws Exception if a listener cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("serve")) {
      throw new IllegalArgumentException("arguments: " + String.join(" ", args)
          + " (expected: serve DIR)");
    }
    Path dir = Path.of(args[1]);
    ServerSocketChannel raw = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    raw.bind(UnixDomainSocketAddress.of(rawSocket(dir)));
    Thread acceptor = new Thread(() -> {
      while (true) {
        try {
          SocketChannel c = raw.accept();
          Thread t = new Thread(() -> echo(c), "floor-raw");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "floor-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    // As dfs-remote's server: one epoll event loop group, the call run on the event loop.
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(grpcSocket(dir).toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .withChildOption(ChannelOption.SO_KEEPALIVE, null)
        .bossEventLoopGroup(group).workerEventLoopGroup(group).directExecutor()
        .addService(ServerServiceDefinition.builder("estuary.bench.Floor")
            .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
              out.onNext(req);
              out.onCompleted();
            }))
            .build())
        .build().start();
    System.out.println("ready");
    System.out.flush();
    server.awaitTermination();
  }

  private static void echo(SocketChannel c) {
    ByteBuffer b = ByteBuffer.allocateDirect(MESSAGE);
    try (c) {
      while (true) {
        b.clear();
        while (b.hasRemaining()) {
          if (c.read(b) < 0) {
            return;
          }
        }
        b.flip();
        while (b.hasRemaining()) {
          c.write(b);
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** This JVM's side: one connection to each echo. */
  static final class Client implements AutoCloseable {
    private final SocketChannel raw;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
    private final EventLoopGroup group;
    private final ManagedChannel channel;
    private final byte[] request = new byte[MESSAGE];

    Client(Path dir) throws IOException {
      raw = SocketChannel.open(UnixDomainSocketAddress.of(rawSocket(dir)));
      // As dfs-remote's client: epoll domain socket, callbacks on the event loop.
      group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
      channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(grpcSocket(dir).toString()))
          .channelType(EpollDomainSocketChannel.class)
          .withOption(ChannelOption.SO_KEEPALIVE, null)
          .eventLoopGroup(group).directExecutor().usePlaintext().build();
    }

    /** One round trip on the bare socket. */
    void raw() {
      try {
        buf.clear();
        while (buf.hasRemaining()) {
          raw.write(buf);
        }
        buf.clear();
        while (buf.hasRemaining()) {
          if (raw.read(buf) < 0) {
            throw new IOException("floor echo: closed (expected: " + MESSAGE + " bytes back)");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** One gRPC unary call, blocking as dfs-remote's stubs do. */
    void grpc() {
      byte[] back = ClientCalls.blockingUnaryCall(channel, ECHO,
          CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
      if (back.length != MESSAGE) {
        throw new IllegalStateException("floor echo: " + back.length + " bytes back (expected: "
            + MESSAGE + ")");
      }
    }

    @Override
    public void close() throws IOException {
      raw.close();
      channel.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}

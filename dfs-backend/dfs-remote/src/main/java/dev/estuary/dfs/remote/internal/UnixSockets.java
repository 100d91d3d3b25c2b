package dev.estuary.dfs.remote.internal;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Blocking unix stream sockets that carry file descriptors ({@code SCM_RIGHTS}, unix(7)), through
 * the Java 25 foreign function API: the JDK's own {@code SocketChannel} cannot pass descriptors,
 * and Netty's epoll channels can only either read bytes or read descriptors, while the descriptor
 * protocol ({@link DescriptorProtocol}) answers with both in one message. Linux on LP64 only
 * ({@code struct msghdr} and {@code cmsghdr} offsets below). Every call retries {@code EINTR}; every
 * socket and received descriptor is close-on-exec.
 */
public final class UnixSockets {
  private static final int AF_UNIX = 1;
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_SNDTIMEO = 21;
  private static final int SCM_RIGHTS = 1;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int MSG_CMSG_CLOEXEC = 0x40000000;
  private static final int SHUT_RDWR = 2;
  private static final int O_RDONLY = 0;
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 02000000;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;

  /** {@code sizeof(struct sockaddr_un)}: a 2-byte family and 108 bytes of path. */
  private static final int SOCKADDR_UN = 110;
  /** Longest socket path, in bytes, leaving room for the terminating NUL. */
  public static final int MAX_PATH = 107;
  /** {@code struct msghdr} on LP64: name, namelen, iov, iovlen, control, controllen, flags. */
  private static final long MSGHDR = 56;
  private static final long MSG_IOV = 16;
  private static final long MSG_IOVLEN = 24;
  private static final long MSG_CONTROL = 32;
  private static final long MSG_CONTROLLEN = 40;
  /** {@code CMSG_SPACE(sizeof(int))} and {@code CMSG_LEN(sizeof(int))} on LP64. */
  private static final long CMSG_SPACE_FD = 24;
  private static final long CMSG_LEN_FD = 20;
  private static final long CMSG_DATA = 16;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final AddressLayout ADDR = ValueLayout.ADDRESS;

  private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(INT, INT, ADDR, INT));
  private static final MethodHandle LISTEN = bind("listen", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle ACCEPT4 =
      bind("accept4", FunctionDescriptor.of(INT, INT, ADDR, ADDR, INT));
  private static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(INT, INT, ADDR, INT));
  private static final MethodHandle SENDMSG = bind("sendmsg", FunctionDescriptor.of(LONG, INT, ADDR, INT));
  private static final MethodHandle RECVMSG = bind("recvmsg", FunctionDescriptor.of(LONG, INT, ADDR, INT));
  private static final MethodHandle SETSOCKOPT =
      bind("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDR, INT));
  private static final MethodHandle SHUTDOWN = bind("shutdown", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(INT, ADDR, LONG, INT));
  /** {@code POLLIN | POLLERR | POLLHUP | POLLRDHUP}. */
  private static final short POLL_ENDED = (short) (0x1 | 0x8 | 0x10 | 0x2000);
  private static final MethodHandle OPEN = LINKER.downcallHandle(lookup("open"),
      FunctionDescriptor.of(INT, ADDR, INT, INT), Linker.Option.captureCallState("errno"),
      Linker.Option.firstVariadicArg(2));

  private UnixSockets() {}

  private static MemorySegment lookup(String name) {
    return LINKER.defaultLookup().find(name)
        .or(() -> SymbolLookup.loaderLookup().find(name))
        .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol: " + name + " (expected: in libc)"));
  }

  private static MethodHandle bind(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(lookup(name), fd, Linker.Option.captureCallState("errno"));
  }

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  private static IOException failure(String call, Object what, int errno) {
    return new IOException(call + " on " + what + " failed: errno " + errno
        + (errno == EAGAIN ? " (timed out)" : ""));
  }

  private static IOException rethrow(Throwable t) {
    if (t instanceof IOException e) {
      return e;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IOException("native call failed", t);
  }

  private static MemorySegment address(Arena arena, Path path) {
    byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
    if (p.length > MAX_PATH) {
      throw new IllegalArgumentException("unix socket path: " + path + " is " + p.length
          + " bytes (expected: at most " + MAX_PATH + ")");
    }
    MemorySegment a = arena.allocate(SOCKADDR_UN);
    a.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
    MemorySegment.copy(p, 0, a, ValueLayout.JAVA_BYTE, 2, p.length);
    return a;
  }

  private static int newSocket(MemorySegment state, Object what) throws Throwable {
    int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw failure("socket", what, errno(state));
    }
    return fd;
  }

  /**
   * Creates a listening socket bound to a path (which must not exist).
   *
   * @param path the socket file
   * @param backlog the listen backlog
   * @return the descriptor
   * @throws IOException if it cannot be bound
   */
  public static int listen(Path path, int backlog) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      int fd = newSocket(state, path);
      if ((int) BIND.invokeExact(state, fd, address(arena, path), SOCKADDR_UN) < 0) {
        int e = errno(state);
        close(fd);
        throw failure("bind", path, e);
      }
      if ((int) LISTEN.invokeExact(state, fd, backlog) < 0) {
        int e = errno(state);
        close(fd);
        throw failure("listen", path, e);
      }
      return fd;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Accepts a connection, blocking.
   *
   * @param listener the listening socket
   * @return the connection's descriptor
   * @throws IOException if accept fails (as it does once {@link #shutdown} ran on the listener)
   */
  public static int accept(int listener) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      while (true) {
        int fd = (int) ACCEPT4.invokeExact(state, listener, MemorySegment.NULL, MemorySegment.NULL,
            SOCK_CLOEXEC);
        if (fd >= 0) {
          return fd;
        }
        int e = errno(state);
        if (e != EINTR) {
          throw failure("accept", "socket " + listener, e);
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Connects to a listening socket, with send and receive timeouts.
   *
   * @param path the socket file
   * @param timeoutMillis how long one send or receive may block, then it fails; 0 for no limit
   * @return the descriptor
   * @throws IOException if nobody listens there
   */
  public static int connect(Path path, long timeoutMillis) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      int fd = newSocket(state, path);
      MemorySegment addr = address(arena, path);
      while (true) {
        if ((int) CONNECT.invokeExact(state, fd, addr, SOCKADDR_UN) == 0) {
          break;
        }
        int e = errno(state);
        if (e != EINTR) {
          close(fd);
          throw failure("connect", path, e);
        }
      }
      // struct timeval {long tv_sec; long tv_usec;}
      MemorySegment tv = arena.allocate(16);
      tv.set(LONG, 0, timeoutMillis / 1000);
      tv.set(LONG, 8, (timeoutMillis % 1000) * 1000);
      for (int opt : new int[] {SO_RCVTIMEO, SO_SNDTIMEO}) {
        if ((int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, opt, tv, 16) < 0) {
          int e = errno(state);
          close(fd);
          throw failure("setsockopt", path, e);
        }
      }
      return fd;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Sends all of {@code data}, with one descriptor attached to its first byte when {@code pass >=
   * 0} (the receiver gets its own copy; the caller still owns {@code pass}).
   *
   * @param fd the socket
   * @param data the bytes, at least one
   * @param pass the descriptor to pass, or -1
   * @throws IOException if the peer is gone or the send timed out
   */
  public static void send(int fd, byte[] data, int pass) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      MemorySegment buf = arena.allocate(data.length);
      MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
      MemorySegment iov = arena.allocate(16);
      MemorySegment msg = arena.allocate(MSGHDR);
      MemorySegment control = arena.allocate(CMSG_SPACE_FD);
      long sent = 0;
      boolean withFd = pass >= 0;
      while (sent < data.length) {
        iov.set(ADDR, 0, buf.asSlice(sent));
        iov.set(LONG, 8, data.length - sent);
        msg.fill((byte) 0);
        msg.set(ADDR, MSG_IOV, iov);
        msg.set(LONG, MSG_IOVLEN, 1);
        if (withFd) {
          control.fill((byte) 0);
          control.set(LONG, 0, CMSG_LEN_FD);
          control.set(INT, 8, SOL_SOCKET);
          control.set(INT, 12, SCM_RIGHTS);
          control.set(INT, CMSG_DATA, pass);
          msg.set(ADDR, MSG_CONTROL, control);
          msg.set(LONG, MSG_CONTROLLEN, CMSG_SPACE_FD);
        }
        long n = (long) SENDMSG.invokeExact(state, fd, msg, MSG_NOSIGNAL);
        if (n < 0) {
          int e = errno(state);
          if (e == EINTR) {
            continue;
          }
          throw failure("sendmsg", "socket " + fd, e);
        }
        sent += n;
        withFd = false;
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Receives exactly {@code data.length} bytes, and the descriptor attached to them, if any.
   *
   * @param fd the socket
   * @param data where the bytes go
   * @return the descriptor received (the caller owns it), or -1 if none came
   * @throws IOException on end of stream before all bytes, a timeout or a socket error (a
   *     descriptor received before the failure is closed)
   */
  public static int receive(int fd, byte[] data) throws IOException {
    int received = -1;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      MemorySegment buf = arena.allocate(data.length);
      MemorySegment iov = arena.allocate(16);
      MemorySegment msg = arena.allocate(MSGHDR);
      MemorySegment control = arena.allocate(CMSG_SPACE_FD);
      long got = 0;
      while (got < data.length) {
        iov.set(ADDR, 0, buf.asSlice(got));
        iov.set(LONG, 8, data.length - got);
        msg.fill((byte) 0);
        msg.set(ADDR, MSG_IOV, iov);
        msg.set(LONG, MSG_IOVLEN, 1);
        control.fill((byte) 0);
        msg.set(ADDR, MSG_CONTROL, control);
        msg.set(LONG, MSG_CONTROLLEN, CMSG_SPACE_FD);
        long n = (long) RECVMSG.invokeExact(state, fd, msg, MSG_CMSG_CLOEXEC);
        if (n < 0) {
          int e = errno(state);
          if (e == EINTR) {
            continue;
          }
          throw failure("recvmsg", "socket " + fd, e);
        }
        if (n == 0) {
          throw new IOException("recvmsg on socket " + fd + ": end of stream after " + got + " of "
              + data.length + " bytes (expected: all of them)");
        }
        // One descriptor fits the control buffer; the kernel discards (closes) any beyond it.
        if (msg.get(LONG, MSG_CONTROLLEN) >= CMSG_LEN_FD && control.get(INT, 8) == SOL_SOCKET
            && control.get(INT, 12) == SCM_RIGHTS) {
          int passed = control.get(INT, CMSG_DATA);
          if (received >= 0) {
            close(passed);
          } else {
            received = passed;
          }
        }
        got += n;
      }
      MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, data, 0, data.length);
      return received;
    } catch (Throwable t) {
      if (received >= 0) {
        close(received);
      }
      throw rethrow(t);
    }
  }

  /**
   * Opens a file for a peer ({@code open(2)}, close-on-exec).
   *
   * @param path the file
   * @param write read-write when true, read-only otherwise
   * @return the descriptor
   * @throws IOException if it cannot be opened
   */
  public static int open(Path path, boolean write) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      MemorySegment cpath = arena.allocateFrom(path.toString());
      while (true) {
        int fd = (int) OPEN.invokeExact(state, cpath, (write ? O_RDWR : O_RDONLY) | O_CLOEXEC, 0);
        if (fd >= 0) {
          return fd;
        }
        int e = errno(state);
        if (e != EINTR) {
          throw failure("open", path, e);
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Returns whether a socket the peer never writes to has ended or has something to read (which
   * for such a socket means the same): {@code poll(2)} without waiting.
   *
   * @param fd the socket
   * @return true if it ended (or poll failed)
   */
  public static boolean ended(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      // struct pollfd {int fd; short events; short revents;}
      MemorySegment p = arena.allocate(8);
      p.set(INT, 0, fd);
      p.set(ValueLayout.JAVA_SHORT, 4, POLL_ENDED);
      while (true) {
        int n = (int) POLL.invokeExact(state, p, 1L, 0);
        if (n >= 0) {
          return n > 0;
        }
        if (errno(state) != EINTR) {
          return true;
        }
      }
    } catch (Throwable t) {
      throw new IllegalStateException("poll failed", t);
    }
  }

  /**
   * Shuts a socket down both ways, which wakes a thread blocked in accept or receive on it.
   *
   * @param fd the socket
   */
  public static void shutdown(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      int unused = (int) SHUTDOWN.invokeExact(arena.allocate(CAPTURE), fd, SHUT_RDWR);
    } catch (Throwable t) {
      throw new IllegalStateException("shutdown failed", t);
    }
  }

  /**
   * Closes a descriptor; errors are ignored (nothing to retry, the number is released anyway).
   *
   * @param fd the descriptor
   */
  public static void close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      int unused = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
    } catch (Throwable t) {
      throw new IllegalStateException("close failed", t);
    }
  }
}

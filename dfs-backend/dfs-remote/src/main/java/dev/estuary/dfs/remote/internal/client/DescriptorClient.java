package dev.estuary.dfs.remote.internal.client;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.UnixSockets;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of {@link DescriptorProtocol}: up to {@link #MAX_CONNECTIONS} connections to the
 * server's descriptor socket, used one request at a time each, and one watch connection whose end
 * (the server process died or closed) invalidates every descriptor received before it: a grant
 * carries the {@link #epoch()} it was received in, and is used only while that epoch lasts, so a
 * handle from before an engine restart is refused by the server (STALE) instead of reading the old
 * file. The watch reconnects by itself with a back-off; while it is down {@link #epoch()} is -1 and
 * handles use the gRPC path.
 */
final class DescriptorClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DescriptorClient.class);
  /** Connections for requests; more concurrent requests wait for one. */
  static final int MAX_CONNECTIONS = 8;
  /**
   * Connections for metadata calls ({@link #quick}) beyond those: a call that finds none free uses
   * gRPC instead of waiting (a frontend has about as many calls in flight as requests).
   */
  static final int MAX_CALL_CONNECTIONS = 32;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  /** A descriptor received as a channel, and the epoch it belongs to. */
  record Grant(FileChannel channel, long epoch) {}

  /** The answer to a grant request: a grant, or the size when the bytes are not in a file now. */
  record Answer(@Nullable Grant grant, long absentSize) {}

  private final Path socket;
  private final long client;
  private final long timeoutMillis;
  private final String where;
  private final Semaphore permits = new Semaphore(MAX_CONNECTIONS);
  private final Semaphore callPermits = new Semaphore(MAX_CALL_CONNECTIONS);
  private final ConcurrentLinkedQueue<Integer> idle = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition closing = lock.newCondition();
  private final Thread watcher;
  private volatile long epoch = -1;
  private long epochs;
  /** Guarded by lock for writes; {@link #watchLock}'s read lock keeps it open during a poll. */
  private volatile int watchFd = -1;
  private final ReentrantReadWriteLock watchLock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  DescriptorClient(Path grpcSocket, long client, long timeoutMillis, String where) {
    this.socket = DescriptorProtocol.socketFor(grpcSocket);
    this.client = client;
    this.timeoutMillis = timeoutMillis;
    this.where = where;
    // The first watch connection is made before the client is used, so a server that offers the
    // descriptor socket is used from the first call on.
    connectWatch();
    this.watcher = Thread.ofPlatform().daemon().name("estuary-remote-fd-watch").unstarted(this::watchLoop);
    watcher.start();
  }

  /**
   * Returns the current epoch: -1 while there is no watch connection to a live server.
   *
   * @return the epoch
   */
  long epoch() {
    return epoch;
  }

  /**
   * Returns whether a grant of {@code grantEpoch} may be used now: its epoch is current and the
   * watch connection has not ended. The poll makes this exact rather than eventually right: a
   * server that died (or closed) before this call has already hung up the socket (the kernel does
   * that when the process goes), whether or not the watcher thread has run since.
   *
   * @param grantEpoch the grant's epoch
   * @return true if usable
   */
  boolean valid(long grantEpoch) {
    if (grantEpoch != epoch) {
      return false;
    }
    watchLock.readLock().lock();
    try {
      return watchFd >= 0 && grantEpoch == epoch && !UnixSockets.ended(watchFd);
    } finally {
      watchLock.readLock().unlock();
    }
  }

  private boolean connectWatch() {
    int fd;
    try {
      fd = UnixSockets.connect(socket, 0);
    } catch (IOException | IllegalArgumentException e) {
      LOG.debug("descriptor socket {}: {}", socket, e.toString());
      return false;
    }
    try {
      UnixSockets.send(fd, DescriptorProtocol.request(DescriptorProtocol.WATCH, client, 0, 0, 0), -1);
      byte[] header = new byte[DescriptorProtocol.RESPONSE];
      int stray = UnixSockets.receive(fd, header);
      if (stray >= 0) {
        UnixSockets.close(stray);
      }
      if (DescriptorProtocol.intAt(header, 0) != DescriptorProtocol.OK) {
        throw new IOException("watch refused (status " + DescriptorProtocol.intAt(header, 0) + ")");
      }
    } catch (IOException e) {
      LOG.debug("descriptor socket {}: watch failed: {}", socket, e.toString());
      UnixSockets.close(fd);
      return false;
    }
    lock.lock();
    try {
      if (closed) {
        UnixSockets.close(fd);
        return false;
      }
      watchFd = fd;
      epoch = ++epochs;
    } finally {
      lock.unlock();
    }
    return true;
  }

  private void watchLoop() {
    long backoff = 50;
    while (!closed) {
      int fd;
      lock.lock();
      try {
        fd = watchFd;
      } finally {
        lock.unlock();
      }
      if (fd >= 0) {
        backoff = 50;
        try {
          // Blocks until the server goes (end of stream) or close() shuts the socket down.
          UnixSockets.receive(fd, new byte[1]);
        } catch (IOException e) {
          LOG.debug("descriptor socket {}: watch ended: {}", socket, e.toString());
        }
        lock.lock();
        watchLock.writeLock().lock();
        try {
          epoch = -1;
          watchFd = -1;
          UnixSockets.close(fd);
        } finally {
          watchLock.writeLock().unlock();
          lock.unlock();
        }
        dropIdle();
        continue;
      }
      if (connectWatch()) {
        continue;
      }
      lock.lock();
      try {
        if (!closed) {
          closing.await(backoff, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  private void dropIdle() {
    Integer c;
    while ((c = idle.poll()) != null) {
      UnixSockets.close(c);
    }
  }

  /**
   * Asks for a handle's descriptor.
   *
   * @param handle the handle reference
   * @param write whether the channel must be writable (the handle may write)
   * @return the answer, or null when the descriptor socket cannot be used now (use gRPC)
   * @throws DfsException what the server refused the request with
   */
  @Nullable Answer grant(long handle, boolean write) {
    long e = epoch;
    if (e < 0) {
      return null;
    }
    Response r;
    try {
      r = call(DescriptorProtocol.GRANT, handle, 0, 0, true);
    } catch (IOException ex) {
      LOG.debug("descriptor grant over {}: {}", socket, ex.toString());
      return null;
    }
    if (r.status == DescriptorProtocol.ABSENT) {
      return new Answer(null, r.value);
    }
    if (r.fd < 0) {
      throw new DfsException(ErrorKind.IO_ERROR, "descriptor grant of handle " + Long.toHexString(handle)
          + " from " + where + ": answered OK without a descriptor (expected: one attached)");
    }
    try {
      // Reopening through /proc gives a FileChannel (positional I/O, sendfile for transferTo);
      // the inode is the one passed, whatever has become of its path in the server's view.
      FileChannel ch = write
          ? FileChannel.open(Path.of("/proc/self/fd/" + r.fd), StandardOpenOption.READ, StandardOpenOption.WRITE)
          : FileChannel.open(Path.of("/proc/self/fd/" + r.fd), StandardOpenOption.READ);
      return new Answer(new Grant(ch, e), 0);
    } catch (IOException ex) {
      LOG.debug("reopening descriptor {} failed: {}", r.fd, ex.toString());
      return null;
    } finally {
      UnixSockets.close(r.fd);
    }
  }

  /**
   * Runs {@code beginWrite} or {@code endWrite} of a handle's local data on the server.
   *
   * @param op {@link DescriptorProtocol#BEGIN_WRITE} or {@link DescriptorProtocol#END_WRITE}
   * @param handle the handle reference
   * @param position the position
   * @param length the length
   * @return false if the request could not be sent (nothing happened on the server, or the server
   *     is gone); true when done
   * @throws DfsException what the server refused it with, or {@link ErrorKind#UNAVAILABLE} when
   *     the answer was lost after sending
   */
  boolean bracket(int op, long handle, long position, long length) {
    try {
      call(op, handle, position, length, false);
      return true;
    } catch (Unsent e) {
      LOG.debug("descriptor op {} over {} not sent: {}", op, socket, e.getCause().toString());
      return false;
    } catch (IOException e) {
      throw new DfsException(ErrorKind.UNAVAILABLE, "remote backend " + where + ": descriptor op "
          + op + " on handle " + Long.toHexString(handle) + " got no answer: " + e, e);
    }
  }

  /**
   * Makes a metadata call ({@link DescriptorProtocol#CALL}) on a connection of its own, if one is
   * free and the server is up; a call that could not be made here, or whose answer was lost,
   * returns null and the caller makes it over gRPC (the methods only read, so asking again is
   * safe).
   *
   * @param method the method ({@link DescriptorProtocol#GET_ATTRIBUTES} and the others)
   * @param request the method's request message
   * @return the reply message, or null to use gRPC
   * @throws DfsException the method's error
   */
  byte @Nullable [] quick(int method, byte[] request) {
    if (epoch < 0 || closed || !callPermits.tryAcquire()) {
      return null;
    }
    int c = -1;
    boolean ok = false;
    try {
      c = borrow();
      byte[] frame = DescriptorProtocol.request(DescriptorProtocol.CALL, client, method, 0,
          request.length);
      byte[] out = new byte[frame.length + request.length];
      System.arraycopy(frame, 0, out, 0, frame.length);
      System.arraycopy(request, 0, out, frame.length, request.length);
      UnixSockets.send(c, out, -1);
      byte[] header = new byte[DescriptorProtocol.RESPONSE];
      int stray = UnixSockets.receive(c, header);
      if (stray >= 0) {
        UnixSockets.close(stray);
      }
      int status = DescriptorProtocol.intAt(header, 0);
      int n = DescriptorProtocol.intAt(header, 4);
      long value = DescriptorProtocol.longAt(header, 8);
      if (status == DescriptorProtocol.OK) {
        if (n != 0 || value < 0 || value > DescriptorProtocol.MAX_CALL_REPLY) {
          throw new IOException("call answer of " + value + " bytes with a message of " + n
              + " (expected: 0 to " + DescriptorProtocol.MAX_CALL_REPLY + ", no message)");
        }
        byte[] reply = readBody(c, (int) value);
        ok = true;
        return reply;
      }
      String message = readMessage(c, n);
      ok = true;
      if (status == DescriptorProtocol.ERROR) {
        // As the gRPC path reports it: the kind and the server's own message.
        throw DescriptorProtocol.decodeError(message, null);
      }
      return null; // ABSENT: a reply too large for this path
    } catch (IOException e) {
      LOG.debug("descriptor call {} over {}: {}", method, socket, e.toString());
      return null;
    } finally {
      if (c >= 0) {
        giveBack(c, ok);
      }
      callPermits.release();
    }
  }

  /** An idle connection, or a new one. */
  private int borrow() throws IOException {
    Integer c = idle.poll();
    return c != null ? c : UnixSockets.connect(socket, timeoutMillis);
  }

  /** Keeps a connection for the next request if its exchange completed, else closes it. */
  private void giveBack(int c, boolean reusable) {
    if (reusable && !closed) {
      idle.add(c);
      if (closed) {
        dropIdle(); // close() ran between the check and the add
      }
    } else {
      UnixSockets.close(c);
    }
  }

  /** Reads the {@code n} bytes after an answer's header; a descriptor sent along is closed. */
  private static byte[] readBody(int c, int n) throws IOException {
    byte[] body = new byte[n];
    if (n > 0) {
      int stray = UnixSockets.receive(c, body);
      if (stray >= 0) {
        UnixSockets.close(stray);
      }
    }
    return body;
  }

  /** Reads an answer's message of {@code n} bytes, after checking the length against the limit. */
  private static String readMessage(int c, int n) throws IOException {
    if (n < 0 || n > DescriptorProtocol.MAX_MESSAGE) {
      throw new IOException("descriptor answer with a message of " + n + " bytes (expected: 0 to "
          + DescriptorProtocol.MAX_MESSAGE + ")");
    }
    return new String(readBody(c, n), StandardCharsets.UTF_8);
  }

  private record Response(int status, long value, int fd) {}

  /** A request that never reached the server. */
  private static final class Unsent extends IOException {
    Unsent(IOException cause) {
      super(cause);
    }
  }

  private Response call(int op, long handle, long position, long length, boolean expectFd)
      throws IOException {
    try {
      if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new Unsent(new IOException("no descriptor connection free within " + timeoutMillis + " ms"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unsent(new IOException("interrupted"));
    }
    int c = -1;
    boolean ok = false;
    try {
      try {
        c = borrow();
        UnixSockets.send(c, DescriptorProtocol.request(op, client, handle, position, length), -1);
      } catch (IOException e) {
        throw new Unsent(e);
      }
      byte[] header = new byte[DescriptorProtocol.RESPONSE];
      int fd = UnixSockets.receive(c, header);
      int status = DescriptorProtocol.intAt(header, 0);
      int n = DescriptorProtocol.intAt(header, 4);
      long value = DescriptorProtocol.longAt(header, 8);
      if (!expectFd && fd >= 0) {
        UnixSockets.close(fd);
        fd = -1;
      }
      String message;
      try {
        message = readMessage(c, n);
      } catch (IOException e) {
        if (fd >= 0) {
          UnixSockets.close(fd);
        }
        throw e;
      }
      ok = true;
      if (status == DescriptorProtocol.ERROR) {
        if (fd >= 0) {
          UnixSockets.close(fd);
        }
        throw DescriptorProtocol.decodeError(message, where);
      }
      return new Response(status, value, fd);
    } finally {
      if (c >= 0) {
        giveBack(c, ok);
      }
      permits.release();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      epoch = -1;
      if (watchFd >= 0) {
        // The watcher closes it once out of receive.
        UnixSockets.shutdown(watchFd);
      }
      closing.signalAll();
    } finally {
      lock.unlock();
    }
    dropIdle();
  }
}

package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.LocalData;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link DescriptorProtocol} on the descriptor socket: hands the data file of a client's open
 * handle to the client ({@code SCM_RIGHTS}) and runs the write brackets. One platform thread
 * accepts, one per connection serves (the calls are short and blocking, and a client keeps a few
 * connections: see {@code DescriptorClient}); at most {@link #MAX_CONNECTIONS} connections, beyond
 * which new ones are closed at once (the client then uses gRPC). The server keeps no descriptor it
 * passed: it opens the file, sends it and closes its copy, so the client's copy is the only one and
 * is bounded by the client's open handles.
 */
public final class DescriptorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DescriptorServer.class);
  /** Most connections served at once (all clients together). */
  public static final int MAX_CONNECTIONS = 512;

  private final References references;
  private final Path socket;
  private final int listener;
  private final ThreadFactory threads;
  /** The metadata reads served here ({@link DescriptorProtocol#CALL}), or null for none. */
  private final @Nullable QuickCalls quick;
  private final Set<Integer> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong passed = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private volatile boolean closed;

  /** Closes the listening socket once the accepting thread is out of accept (same reason). */
  private void closeListener() {
    UnixSockets.close(listener);
  }

  private DescriptorServer(References references, Path socket, int listener, ThreadFactory threads,
      @Nullable QuickCalls quick) {
    this.references = references;
    this.socket = socket;
    this.listener = listener;
    this.threads = threads;
    this.quick = quick;
  }

  /**
   * Binds the socket (replacing a stale file, which the caller made sure of for the gRPC socket
   * beside it), sets mode 0660 and starts accepting.
   *
   * @param references the reference table the gRPC services use
   * @param socket the descriptor socket's path
   * @param threads makes the accepting and serving threads (daemon)
   * @return the running server
   * @throws IOException if it cannot be bound
   */
  public static DescriptorServer start(References references, Path socket, ThreadFactory threads)
      throws IOException {
    return start(references, socket, threads, null);
  }

  /**
   * Binds the socket and starts accepting, serving the metadata reads too ({@link
   * DescriptorProtocol#CALL}).
   *
   * @param references the reference table the gRPC services use
   * @param socket the descriptor socket's path
   * @param threads makes the accepting and serving threads (daemon)
   * @param quick the metadata reads, or null to refuse {@link DescriptorProtocol#CALL}
   * @return the running server
   * @throws IOException if it cannot be bound
   */
  public static DescriptorServer start(References references, Path socket, ThreadFactory threads,
      @Nullable QuickCalls quick) throws IOException {
    Files.deleteIfExists(socket);
    int fd = UnixSockets.listen(socket, 128);
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    DescriptorServer s = new DescriptorServer(references, socket, fd, threads, quick);
    threads.newThread(s::acceptLoop).start();
    return s;
  }

  private void acceptLoop() {
    while (true) {
      int c;
      try {
        c = UnixSockets.accept(listener);
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("descriptor socket {}: accept failed, no longer serving: {}", socket, e.toString());
        }
        closeListener();
        return;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        LOG.warn("descriptor socket {}: {} connections (expected: at most {}); refusing one",
            socket, connections.size(), MAX_CONNECTIONS);
        UnixSockets.close(c);
        continue;
      }
      synchronized (connections) {
        if (closed) {
          UnixSockets.close(c);
          return;
        }
        connections.add(c);
      }
      threads.newThread(() -> serve(c)).start();
    }
  }

  private void serve(int c) {
    byte[] request = new byte[DescriptorProtocol.REQUEST];
    try {
      while (!closed) {
        int stray = UnixSockets.receive(c, request);
        if (stray >= 0) {
          UnixSockets.close(stray); // Clients never send descriptors.
        }
        if (DescriptorProtocol.intAt(request, 0) != DescriptorProtocol.MAGIC) {
          LOG.warn("descriptor socket {}: a request without the magic number; closing the connection", socket);
          return;
        }
        int op = DescriptorProtocol.intAt(request, 4);
        long client = DescriptorProtocol.longAt(request, 8);
        long handle = DescriptorProtocol.longAt(request, 16);
        long position = DescriptorProtocol.longAt(request, 24);
        long length = DescriptorProtocol.longAt(request, 32);
        if (op == DescriptorProtocol.WATCH) {
          UnixSockets.send(c, DescriptorProtocol.response(DescriptorProtocol.OK, 0, ""), -1);
          continue; // The next receive blocks until the client goes or the server closes.
        }
        if (op == DescriptorProtocol.CALL) {
          if (length < 0 || length > DescriptorProtocol.MAX_CALL_REQUEST) {
            // Checked before anything is allocated; the frame stream cannot be trusted after it.
            LOG.warn("descriptor socket {}: a call of {} bytes (expected: 0 to {}); closing the"
                + " connection", socket, length, DescriptorProtocol.MAX_CALL_REQUEST);
            return;
          }
          byte[] payload = new byte[(int) length];
          if (length > 0) {
            int strayFd = UnixSockets.receive(c, payload);
            if (strayFd >= 0) {
              UnixSockets.close(strayFd);
            }
          }
          byte[] answer = call(handle, payload);
          calls.incrementAndGet(); // before it is sent, as passed descriptors are
          UnixSockets.send(c, answer, -1);
          continue;
        }
        answer(c, op, client, handle, position, length);
      }
    } catch (IOException e) {
      // The client went away (or the server is closing): nothing is held for this connection.
      LOG.debug("descriptor connection ended: {}", e.toString());
    } finally {
      // Under the set's lock: close() must never shut down a number already closed and reused.
      synchronized (connections) {
        connections.remove(c);
        UnixSockets.close(c);
      }
    }
  }

  private void answer(int c, int op, long client, long handle, long position, long length)
      throws IOException {
    int fd = -1;
    byte[] reply;
    try {
      FileHandle h = references.owned(client, handle, FileHandle.class, "file handle");
      Optional<LocalData> local = h.localData();
      switch (op) {
        case DescriptorProtocol.GRANT -> {
          if (local.isEmpty()) {
            reply = DescriptorProtocol.response(DescriptorProtocol.ABSENT, h.size(), "");
          } else {
            // Read-only for a handle that may not write: a guard against mistakes, not a
            // boundary (a client of the engine's uid could reopen the inode read-write through
            // /proc, as it could connect to the 0660 socket: the uid and group are the boundary,
            // and the handle check above keeps a client to the files it opened).
            fd = UnixSockets.open(local.get().path(), h.mode().canWrite());
            reply = DescriptorProtocol.response(DescriptorProtocol.OK, 0, "");
          }
        }
        case DescriptorProtocol.BEGIN_WRITE -> {
          localOf(local, handle).beginWrite(position, length);
          reply = DescriptorProtocol.response(DescriptorProtocol.OK, 0, "");
        }
        case DescriptorProtocol.END_WRITE -> {
          localOf(local, handle).endWrite(position, length);
          reply = DescriptorProtocol.response(DescriptorProtocol.OK, 0, "");
        }
        default -> throw new DfsException(ErrorKind.INVALID_ARGUMENT, "descriptor socket op: " + op
            + " (expected: " + DescriptorProtocol.GRANT + " to " + DescriptorProtocol.WATCH + ")");
      }
    } catch (DfsException e) {
      reply = DescriptorProtocol.error(e);
    } catch (IOException e) {
      // The local file could not be opened (the handle closed under the request).
      reply = DescriptorProtocol.error(new DfsException(ErrorKind.STALE,
          "file handle " + Long.toHexString(handle) + ": its data file cannot be opened: " + e));
    } catch (RuntimeException e) {
      LOG.warn("descriptor socket {}: op {} failed", socket, op, e);
      reply = DescriptorProtocol.error(new DfsException(ErrorKind.IO_ERROR, "descriptor op " + op + ": " + e));
    }
    // Counted before it is sent: a client that got it and then asks the count (a test) sees it.
    if (fd >= 0) {
      passed.incrementAndGet();
    }
    try {
      UnixSockets.send(c, reply, fd);
    } catch (IOException | RuntimeException e) {
      if (fd >= 0) {
        passed.decrementAndGet();
      }
      throw e;
    } finally {
      if (fd >= 0) {
        UnixSockets.close(fd);
      }
    }
  }

  /** Runs a {@link DescriptorProtocol#CALL}: the answer frame, header and reply. */
  private byte[] call(long method, byte[] request) {
    if (quick == null) {
      return DescriptorProtocol.error(new DfsException(ErrorKind.UNSUPPORTED,
          "descriptor socket " + socket + ": calls are not served here (expected: gRPC)"));
    }
    if (method != (int) method) {
      return DescriptorProtocol.error(QuickCalls.unknown(method));
    }
    byte[] reply;
    try {
      reply = quick.call((int) method, request);
    } catch (DfsException e) {
      return DescriptorProtocol.error(e);
    } catch (RuntimeException e) {
      LOG.warn("descriptor socket {}: call {} failed", socket, method, e);
      return DescriptorProtocol.error(new DfsException(ErrorKind.IO_ERROR, "descriptor call "
          + method + ": " + e));
    }
    if (reply.length > DescriptorProtocol.MAX_CALL_REPLY) {
      // Rare (an object with a great many xattr names): the client asks gRPC instead.
      return DescriptorProtocol.response(DescriptorProtocol.ABSENT, reply.length, "");
    }
    return DescriptorProtocol.withPayload(reply);
  }

  private static LocalData localOf(Optional<LocalData> local, long handle) {
    // The facet never goes away once offered, and the client writes only after a grant.
    return local.orElseThrow(() -> new DfsException(ErrorKind.UNSUPPORTED, "file handle "
        + Long.toHexString(handle) + " has no local data file (expected: a handle granted a descriptor)"));
  }

  /**
   * Returns how many descriptors were passed since the start.
   *
   * @return the count
   */
  public long passed() {
    return passed.get();
  }

  /**
   * Returns how many metadata calls ({@link DescriptorProtocol#CALL}) were answered since the start.
   *
   * @return the count
   */
  public long calls() {
    return calls.get();
  }

  /**
   * Returns how many connections are open.
   *
   * @return the count
   */
  public int connections() {
    return connections.size();
  }

  /** Stops accepting, ends every connection and removes the socket file. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    UnixSockets.shutdown(listener);
    synchronized (connections) {
      for (int c : connections) {
        UnixSockets.shutdown(c);
      }
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.warn("cannot remove socket file {}: {}", socket, e.toString());
    }
  }
}

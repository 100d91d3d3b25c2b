package dev.estuary.dfs.remote.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ForwardingFileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.SeekKind;
import dev.estuary.dfs.remote.RemoteOptions;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.proto.CopyRequest;
import dev.estuary.dfs.remote.internal.proto.Count;
import dev.estuary.dfs.remote.internal.proto.HandleRef;
import dev.estuary.dfs.remote.internal.proto.RangeRequest;
import dev.estuary.dfs.remote.internal.proto.ReadChunk;
import dev.estuary.dfs.remote.internal.proto.ReadRequest;
import dev.estuary.dfs.remote.internal.proto.SeekRequest;
import dev.estuary.dfs.remote.internal.proto.TruncateRequest;
import dev.estuary.dfs.remote.internal.proto.WriteChunk;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FileHandle} held open on the server under this client's lease.
 *
 * <p>Memory: a read is one server-streaming call whose chunks ({@link
 * dev.estuary.dfs.remote.RemoteOptions#chunkSize()}) are copied into the caller's buffer as they
 * arrive, one message requested at a time; a {@link #transferTo} streams chunks to the target
 * channel the same way, so a read of any length holds about one chunk (plus gRPC's flow-control
 * window) in the client. A write sends the caller's buffer in chunks without copying it, only while
 * the transport is ready, and returns when the server has written them all.
 *
 * <p>Direct I/O (unix socket only, {@link RemoteOptions#directMinimum()}): once the server has
 * passed the file's data-file descriptor ({@link DescriptorClient#grant}), reads and {@link
 * #transferTo} use it positionally (the data file's length is the size, so reads are exact; {@code
 * transferTo} a socket is a {@code sendfile}), and a write is {@code beginWrite} on the server, the
 * positional write here, then {@code endWrite} (size, times, change counter and the watch event
 * stay the server's). The descriptor is asked for on the first call of at least the direct
 * minimum, or after {@link RemoteOptions#DIRECT_AFTER_CALLS} smaller ones; a file whose bytes are
 * not in a data file (the engine's inline data) stays on gRPC until a write through this handle,
 * or a read, reaches past the size the server gave then (it may have moved to a data file). The
 * descriptor is closed with the handle, and dropped when the server it came from is gone (its
 * epoch ended), after which the gRPC path answers (STALE for a handle of a restarted server). What
 * it does not cover: after this client's lease lapsed (the server closed the handle), reads
 * through the descriptor keep seeing the file, as an open handle would; every write and every
 * other call is refused.
 */
final class RemoteFileHandle implements FileHandle {
  private final ClientCore core;
  private final long ref;
  private final HandleRef handleRef;
  private final ObjectId id;
  private final OpenMode mode;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final @Nullable DescriptorClient descriptors;
  private final int directMinimum;
  /** The descriptor, once granted and while its epoch lasts. */
  private volatile DescriptorClient.@Nullable Grant direct;
  // Guarded by this.
  private boolean askAgain = true;
  private long absentSize = -1;
  private int smallCalls;

  RemoteFileHandle(ClientCore core, long ref, ObjectId id, OpenMode mode) {
    this.core = core;
    this.ref = ref;
    this.handleRef = HandleRef.newBuilder().setHandle(ref).build();
    this.id = id;
    this.mode = mode;
    this.descriptors = core.descriptors();
    this.directMinimum = core.options().directMinimum();
  }

  /**
   * Returns the channel for direct I/O of {@code want} bytes, asking the server for it when the
   * policy above says so; null for the gRPC path.
   */
  private @Nullable FileChannel direct(long want) {
    DescriptorClient d = descriptors;
    if (d == null) {
      return null;
    }
    DescriptorClient.Grant g = direct;
    if (g != null) {
      if (d.valid(g.epoch())) {
        return g.channel();
      }
      dropDirect(g);
    }
    synchronized (this) {
      g = direct;
      if (g != null) {
        return d.valid(g.epoch()) ? g.channel() : null;
      }
      if (!askAgain || (want < directMinimum && ++smallCalls < RemoteOptions.DIRECT_AFTER_CALLS)) {
        return null;
      }
      smallCalls = 0;
      DescriptorClient.Answer a = d.grant(ref, mode.canWrite());
      if (a == null) {
        return null; // The descriptor socket is not usable now: the next call may try again.
      }
      if (a.grant() == null) {
        askAgain = false;
        absentSize = a.absentSize();
        return null;
      }
      if (closed.get()) {
        closeQuietly(a.grant().channel());
        return null;
      }
      direct = a.grant();
      return a.grant().channel();
    }
  }

  /** A fallback read or write reached {@code end}: past the size seen, the bytes may have moved. */
  private synchronized void reached(long end) {
    if (!askAgain && end > absentSize) {
      askAgain = true;
    }
  }

  private synchronized void dropDirect(DescriptorClient.Grant g) {
    if (direct == g) {
      direct = null;
      askAgain = true;
    }
    closeQuietly(g.channel());
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // Nothing was written through it that close could lose (writes are positional, unbuffered).
    }
  }

  private DfsException directError(String what, IOException e) {
    if (e instanceof ClosedByInterruptException) {
      Thread.currentThread().interrupt();
    }
    if (e instanceof ClosedChannelException && closed.get()) {
      return new DfsException(ErrorKind.CLOSED, "file handle of " + id + " closed during " + what);
    }
    String msg = String.valueOf(e.getMessage());
    ErrorKind kind = msg.contains("No space left") ? ErrorKind.NO_SPACE : ErrorKind.IO_ERROR;
    return new DfsException(kind, what + " of " + id + " through its descriptor failed: " + e, e);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new DfsException(ErrorKind.CLOSED, "file handle of " + id + " is closed");
    }
  }

  @Override
  public ObjectId id() {
    return id;
  }

  @Override
  public OpenMode mode() {
    return mode;
  }

  @Override
  public Attributes attributes() {
    checkOpen();
    return Decode.attrs(core.call(core.files, s -> s.attributes(handleRef)));
  }

  @Override
  public long size() {
    checkOpen();
    return core.call(core.files, s -> s.size(handleRef)).getCount();
  }

  /** Streams {@code length} bytes from {@code position} to {@code sink}; returns the count, -1 at EOF. */
  private long stream(long position, long length, ChunkSink sink) {
    checkOpen();
    ReadRequest request = ReadRequest.newBuilder().setHandle(ref).setPosition(position)
        .setLength(length).setChunkSize(core.options().chunkSize()).build();
    return core.call(core.files, s -> {
      Iterator<ReadChunk> it = s.read(request);
      long total = 0;
      boolean eof = false;
      while (it.hasNext()) {
        ReadChunk c = it.next();
        eof |= c.getEof();
        if (!c.getData().isEmpty()) {
          sink.accept(c.getData());
          total += c.getData().size();
        }
      }
      return total == 0 && eof ? -1L : total;
    });
  }

  @FunctionalInterface
  private interface ChunkSink {
    void accept(ByteString data);
  }

  @Override
  public int read(long position, ByteBuffer dst) {
    if (position < 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "read position: " + position + " (expected: >= 0)");
    }
    if (mode.canRead()) {
      checkOpen();
      FileChannel ch = direct(dst.remaining());
      if (ch != null) {
        return readDirect(ch, position, dst);
      }
    }
    int n = (int) stream(position, dst.remaining(), data -> data.copyTo(dst));
    if (n > 0) {
      reached(position + n);
    }
    return n;
  }

  private int readDirect(FileChannel ch, long position, ByteBuffer dst) {
    try {
      if (!dst.hasRemaining()) {
        return position >= ch.size() ? -1 : 0;
      }
      int done = 0;
      while (dst.hasRemaining()) {
        int r = ch.read(dst, position + done);
        if (r < 0) {
          break;
        }
        done += r;
      }
      return done == 0 ? -1 : done;
    } catch (IOException e) {
      throw directError("read", e);
    }
  }

  @Override
  public int write(long position, ByteBuffer src) {
    checkOpen();
    if (mode.canWrite()) {
      FileChannel ch = direct(src.remaining());
      if (ch != null && descriptors.bracket(DescriptorProtocol.BEGIN_WRITE, ref, position, src.remaining())) {
        return writeDirect(ch, position, src);
      }
    }
    int n = writeStreamed(position, src);
    reached(position + n);
    return n;
  }

  /** The write between {@code beginWrite} (done) and {@code endWrite} on the server. */
  private int writeDirect(FileChannel ch, long position, ByteBuffer src) {
    int total = src.remaining();
    long done = 0;
    try {
      while (src.hasRemaining()) {
        done += ch.write(src, position + done);
      }
    } catch (IOException e) {
      DfsException failure = directError("write", e);
      if (done > 0) {
        try {
          endWrite(position, done);
        } catch (DfsException again) {
          failure.addSuppressed(again);
        }
      }
      throw failure;
    }
    endWrite(position, total);
    return total;
  }

  private void endWrite(long position, long length) {
    if (!descriptors.bracket(DescriptorProtocol.END_WRITE, ref, position, length)) {
      throw new DfsException(ErrorKind.UNAVAILABLE, "write to " + id + ": " + length + " bytes at "
          + position + " are in the file but remote backend " + core.endpoint()
          + " could not be told (the descriptor socket is gone)");
    }
  }

  private int writeStreamed(long position, ByteBuffer src) {
    int total = src.remaining();
    Writer w = new Writer();
    try {
      core.call(core.filesAsync, s -> {
        s.write(w);
        return null;
      });
      int chunk = core.options().chunkSize();
      boolean first = true;
      while (first || src.hasRemaining()) {
        w.awaitReady();
        int n = Math.min(chunk, src.remaining());
        ByteBuffer slice = src.slice(src.position(), n);
        WriteChunk.Builder b = WriteChunk.newBuilder()
            .setData(UnsafeByteOperations.unsafeWrap(slice));
        if (first) {
          b.setHandle(ref).setPosition(position);
          first = false;
        }
        // The caller's buffer is wrapped, not copied: write() returns only after the server
        // acknowledged every chunk, so the bytes are never read after the caller regains them.
        w.requests.onNext(b.build());
        src.position(src.position() + n);
      }
      w.requests.onCompleted();
      long written = w.result.get(core.options().deadline().toNanos(), TimeUnit.NANOSECONDS).getCount();
      if (written != total) {
        throw new DfsException(ErrorKind.IO_ERROR, "write to " + id + ": server wrote " + written
            + " of " + total + " bytes (expected: all of them)");
      }
      return total;
    } catch (ExecutionException e) {
      throw core.error(e.getCause());
    } catch (TimeoutException e) {
      w.cancel();
      throw core.error(io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.cancel();
      throw new DfsException(ErrorKind.IO_ERROR, "write to " + id + " interrupted", e);
    } catch (StatusRuntimeException e) {
      throw core.error(e);
    }
  }

  /** The response side of a streaming write, and the readiness the sender waits for. */
  private final class Writer implements ClientResponseObserver<WriteChunk, Count> {
    final CompletableFuture<Count> result = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    @Nullable ClientCallStreamObserver<WriteChunk> requests;

    @Override
    public void beforeStart(ClientCallStreamObserver<WriteChunk> requestStream) {
      this.requests = requestStream;
      requestStream.setOnReadyHandler(() -> {
        lock.lock();
        try {
          ready.signalAll();
        } finally {
          lock.unlock();
        }
      });
    }

    void awaitReady() throws ExecutionException, InterruptedException {
      lock.lock();
      try {
        while (!requests.isReady() && !result.isDone()) {
          ready.await(50, TimeUnit.MILLISECONDS);
        }
      } finally {
        lock.unlock();
      }
      if (result.isDone()) {
        // Failed before all was sent (or the server answered early): report it.
        result.get();
        throw new DfsException(ErrorKind.IO_ERROR, "write to " + id
            + ": server answered before the last chunk (expected: an answer after it)");
      }
    }

    void cancel() {
      requests.cancel("write abandoned", null);
    }

    @Override
    public void onNext(Count value) {
      result.complete(value);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
      lock.lock();
      try {
        ready.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onCompleted() {
      result.completeExceptionally(new DfsException(ErrorKind.IO_ERROR,
          "write to " + id + ": server ended the call without a count"));
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    if (position < 0 || count < 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "transferTo: position " + position
          + ", count " + count + " (expected: 0 or more)");
    }
    if (mode.canRead()) {
      checkOpen();
      FileChannel ch = direct(count);
      if (ch != null) {
        try {
          long sent = 0;
          while (sent < count) {
            long t = ch.transferTo(position + sent, count - sent, target);
            if (t <= 0) {
              break;
            }
            sent += t;
          }
          return sent;
        } catch (IOException e) {
          throw directError("transferTo", e);
        }
      }
    }
    long n = stream(position, count, data -> {
      ByteBuffer b = data.asReadOnlyByteBuffer();
      try {
        while (b.hasRemaining()) {
          target.write(b);
        }
      } catch (IOException e) {
        throw new DfsException(ErrorKind.IO_ERROR, "transferTo from " + id + ": " + e, e);
      }
    });
    if (n > 0) {
      reached(position + n);
    }
    return Math.max(0, n);
  }

  @Override
  public void truncate(long size) {
    checkOpen();
    core.call(core.files, s -> s.truncate(TruncateRequest.newBuilder().setHandle(ref).setSize(size).build()));
  }

  @Override
  public void punchHole(long offset, long length) {
    checkOpen();
    core.call(core.files, s -> s.punchHole(RangeRequest.newBuilder().setHandle(ref)
        .setOffset(offset).setLength(length).build()));
  }

  @Override
  public void allocate(long offset, long length, boolean keepSize) {
    checkOpen();
    core.call(core.files, s -> s.allocate(RangeRequest.newBuilder().setHandle(ref)
        .setOffset(offset).setLength(length).setKeepSize(keepSize).build()));
  }

  @Override
  public long seek(long offset, SeekKind kind) {
    checkOpen();
    return core.call(core.files, s -> s.seek(SeekRequest.newBuilder().setHandle(ref)
        .setOffset(offset).setKindValue(kind.ordinal()).build())).getCount();
  }

  @Override
  public long copyTo(long offset, FileHandle target, long targetOffset, long length) {
    checkOpen();
    FileHandle t = target;
    while (t instanceof ForwardingFileHandle f) {
      t = f.delegate();
    }
    if (!(t instanceof RemoteFileHandle r) || r.core != core) {
      throw new DfsException(ErrorKind.CROSS_VOLUME, "copy from " + id + " of remote backend "
          + core.endpoint() + " to " + target + " (expected: a handle of the same remote backend)");
    }
    r.checkOpen();
    return core.call(core.files, s -> s.copyTo(CopyRequest.newBuilder().setHandle(ref)
        .setOffset(offset).setTarget(r.ref).setTargetOffset(targetOffset).setLength(length)
        .build())).getCount();
  }

  @Override
  public void sync() {
    checkOpen();
    core.call(core.files, s -> s.sync(handleRef));
  }

  @Override
  public void syncData() {
    checkOpen();
    core.call(core.files, s -> s.syncData(handleRef));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      DescriptorClient.Grant g = direct;
      if (g != null) {
        direct = null;
        closeQuietly(g.channel());
      }
    }
    if (!core.isClosed()) {
      try {
        core.call(core.files, s -> s.close(handleRef));
      } catch (DfsException e) {
        // Unreachable or restarted server: the lease (or the restart) closes it there.
        if (e.kind() != ErrorKind.IO_ERROR && e.kind() != ErrorKind.UNAVAILABLE && e.kind() != ErrorKind.STALE) {
          throw e;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "RemoteFileHandle[" + id + " " + mode + "]";
  }
}

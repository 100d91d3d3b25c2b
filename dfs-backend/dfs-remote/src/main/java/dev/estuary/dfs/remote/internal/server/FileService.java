package dev.estuary.dfs.remote.internal.server;

import com.google.protobuf.UnsafeByteOperations;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.remote.RemoteOptions;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.Attrs;
import dev.estuary.dfs.remote.internal.proto.CopyRequest;
import dev.estuary.dfs.remote.internal.proto.Count;
import dev.estuary.dfs.remote.internal.proto.Empty;
import dev.estuary.dfs.remote.internal.proto.FilesGrpc;
import dev.estuary.dfs.remote.internal.proto.HandleRef;
import dev.estuary.dfs.remote.internal.proto.OpenRequest;
import dev.estuary.dfs.remote.internal.proto.RangeRequest;
import dev.estuary.dfs.remote.internal.proto.ReadChunk;
import dev.estuary.dfs.remote.internal.proto.ReadRequest;
import dev.estuary.dfs.remote.internal.proto.SeekRequest;
import dev.estuary.dfs.remote.internal.proto.TruncateRequest;
import dev.estuary.dfs.remote.internal.proto.WriteChunk;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * File handles: open, chunked reads and writes, and the other {@link FileHandle} calls. Reads are
 * pumped only while the call's transport is ready (gRPC flow control), and writes arrive one
 * chunk at a time (the server asks for the next one after writing the last), so one stream holds
 * at most about one chunk of memory on the server, whatever the size of the read or write.
 */
public final class FileService extends FilesGrpc.FilesImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();
  private final ServerContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public FileService(ServerContext ctx) {
    this.ctx = ctx;
  }

  private FileHandle handle(long ref) {
    return ctx.references().get(ref, FileHandle.class, "file handle");
  }

  @Override
  public void open(OpenRequest r, StreamObserver<HandleRef> out) {
    Calls.unary(out, () -> {
      FileHandle h = ctx.volume(r.getVolume()).open(Decode.oid(r.getId()), Decode.openMode(r.getModeValue()));
      long ref = ctx.references().add(r.getClient(), h, h, 0);
      return HandleRef.newBuilder().setHandle(ref).build();
    });
  }

  @Override
  public void read(ReadRequest r, StreamObserver<ReadChunk> out) {
    ServerCallStreamObserver<ReadChunk> call = (ServerCallStreamObserver<ReadChunk>) out;
    FileHandle h;
    try {
      if (r.getChunkSize() < RemoteOptions.MIN_CHUNK || r.getChunkSize() > RemoteOptions.MAX_CHUNK
          || r.getLength() < 0 || r.getPosition() < 0) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "read: position " + r.getPosition()
            + ", length " + r.getLength() + ", chunk " + r.getChunkSize() + " (expected: position and"
            + " length 0 or more, chunk " + RemoteOptions.MIN_CHUNK + " to " + RemoteOptions.MAX_CHUNK + ")");
      }
      h = handle(r.getHandle());
    } catch (RuntimeException e) {
      out.onError(Calls.status(e));
      return;
    }
    ReadPump pump = new ReadPump(h, r.getPosition(), r.getLength(), r.getChunkSize(), call);
    call.setOnCancelHandler(pump::cancel);
    call.setOnReadyHandler(pump::pump);
    pump.pump();
  }

  /** Sends a read's chunks while the transport is ready; gRPC serializes its callbacks. */
  private static final class ReadPump {
    private final FileHandle handle;
    private final int chunk;
    private final ServerCallStreamObserver<ReadChunk> call;
    private long position;
    private long remaining;
    private boolean done;
    private volatile boolean cancelled;

    ReadPump(FileHandle handle, long position, long length, int chunk,
        ServerCallStreamObserver<ReadChunk> call) {
      this.handle = handle;
      this.position = position;
      this.remaining = length;
      this.chunk = chunk;
      this.call = call;
    }

    void cancel() {
      cancelled = true;
    }

    synchronized void pump() {
      try {
        while (!done && !cancelled && call.isReady()) {
          ByteBuffer buf = ByteBuffer.allocate((int) Math.min(chunk, remaining));
          int n = handle.read(position, buf);
          if (n < 0) {
            done = true;
            call.onNext(ReadChunk.newBuilder().setEof(true).build());
            call.onCompleted();
            return;
          }
          position += n;
          remaining -= n;
          buf.flip();
          ReadChunk.Builder b = ReadChunk.newBuilder().setData(UnsafeByteOperations.unsafeWrap(buf));
          if (remaining == 0 || n == 0) {
            done = true;
            call.onNext(b.build());
            call.onCompleted();
            return;
          }
          call.onNext(b.build());
        }
      } catch (RuntimeException e) {
        done = true;
        if (!cancelled) {
          call.onError(Calls.status(e));
        }
      }
    }
  }

  @Override
  public StreamObserver<WriteChunk> write(StreamObserver<Count> out) {
    return new StreamObserver<>() {
      private @Nullable FileHandle handle;
      private long position;
      private long total;
      private boolean failed;

      @Override
      public void onNext(WriteChunk c) {
        if (failed) {
          return;
        }
        try {
          if (handle == null) {
            handle = handle(c.getHandle());
            position = c.getPosition();
          }
          int n = handle.write(position, c.getData().asReadOnlyByteBuffer());
          position += n;
          total += n;
        } catch (RuntimeException e) {
          failed = true;
          out.onError(Calls.status(e));
        }
      }

      @Override
      public void onError(Throwable t) {
        failed = true;
      }

      @Override
      public void onCompleted() {
        if (!failed) {
          out.onNext(Count.newBuilder().setCount(total).build());
          out.onCompleted();
        }
      }
    };
  }

  @Override
  public void attributes(HandleRef r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(handle(r.getHandle()).attributes()));
  }

  @Override
  public void size(HandleRef r, StreamObserver<Count> out) {
    Calls.unary(out, () -> Count.newBuilder().setCount(handle(r.getHandle()).size()).build());
  }

  @Override
  public void truncate(TruncateRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      handle(r.getHandle()).truncate(r.getSize());
      return EMPTY;
    });
  }

  @Override
  public void punchHole(RangeRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      handle(r.getHandle()).punchHole(r.getOffset(), r.getLength());
      return EMPTY;
    });
  }

  @Override
  public void allocate(RangeRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      handle(r.getHandle()).allocate(r.getOffset(), r.getLength(), r.getKeepSize());
      return EMPTY;
    });
  }

  @Override
  public void seek(SeekRequest r, StreamObserver<Count> out) {
    Calls.unary(out, () -> Count.newBuilder().setCount(
        handle(r.getHandle()).seek(r.getOffset(), Decode.seekKind(r.getKindValue()))).build());
  }

  @Override
  public void copyTo(CopyRequest r, StreamObserver<Count> out) {
    Calls.unary(out, () -> Count.newBuilder().setCount(handle(r.getHandle()).copyTo(
        r.getOffset(), handle(r.getTarget()), r.getTargetOffset(), r.getLength())).build());
  }

  @Override
  public void sync(HandleRef r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      handle(r.getHandle()).sync();
      return EMPTY;
    });
  }

  @Override
  public void syncData(HandleRef r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      handle(r.getHandle()).syncData();
      return EMPTY;
    });
  }

  @Override
  public void close(HandleRef r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.references().close(r.getHandle());
      return EMPTY;
    });
  }
}

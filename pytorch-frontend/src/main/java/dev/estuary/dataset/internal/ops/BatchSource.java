package dev.estuary.dataset.internal.ops;

import com.google.protobuf.UnsafeByteOperations;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.proto.BatchChunk;
import dev.estuary.dataset.proto.GetBatchResponse;
import dev.estuary.dataset.proto.ItemError;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The messages of one GetBatch. Items no larger than a chunk are read whole, ahead of sending and
 * in parallel on the I/O executor (at most {@link #MAX_IN_FLIGHT} items and {@link
 * #MAX_AHEAD_BYTES} bytes ahead of the sender, so memory stays bounded), and packed several per
 * message up to the chunk size; larger items are read and sent one chunk at a time. Items go out
 * strictly in request order. With per-item errors ({@code item_errors}) an item that failed to
 * resolve or to read is answered in its place by one piece carrying its {@link ItemError}; without,
 * its failure ends the call.
 */
final class BatchSource implements MessageSource<GetBatchResponse> {
  static final int MAX_IN_FLIGHT = 64;
  static final long MAX_AHEAD_BYTES = 16L << 20;
  static final int RUN_ITEMS = 32;
  static final long RUN_BYTES = 512 * 1024;

  private final Volume volume;
  private final List<RelPath> paths;
  /** The resolved files; null for an item that failed to resolve (its error in {@link #errors}). */
  private final List<@Nullable Attributes> files;
  /** Per item: the error to answer in its place, or null; null itself without item_errors. */
  private final @Nullable List<@Nullable ItemError> errors;
  private final int chunkSize;
  private final OpContext ctx;
  private final Runnable wake;
  private final @Nullable CompletableFuture<byte[]>[] reads;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Next item to send, and the offset within it for a large item. */
  private int next;
  private long nextOffset;
  private @Nullable FileHandle large;
  /** Next item to consider for reading ahead, and bytes read ahead but not yet sent. */
  private int ahead;
  private long aheadBytes;
  private int inFlight;

  @SuppressWarnings({"unchecked", "rawtypes"})
  BatchSource(
      Volume volume, List<RelPath> paths, List<@Nullable Attributes> files,
      @Nullable List<@Nullable ItemError> errors, int chunkSize, OpContext ctx, Runnable wake) {
    this.volume = volume;
    this.paths = paths;
    this.files = files;
    this.errors = errors;
    this.chunkSize = chunkSize;
    this.ctx = ctx;
    this.wake = wake;
    this.reads = new CompletableFuture[files.size()];
  }

  /** Bytes of item {@code i}: 0 for one that failed to resolve (answered by its error alone). */
  private long size(int i) {
    Attributes a = files.get(i);
    return a == null ? 0 : a.size();
  }

  private boolean small(int i) {
    return size(i) <= chunkSize;
  }

  /**
   * Starts reads of small items ahead of the sender, within the bounds. Consecutive small items
   * are read by one task in runs of up to {@link #RUN_ITEMS} items or {@link #RUN_BYTES} bytes, so
   * a batch of tiny samples costs a few executor hand-offs, not one per sample; the run the sender
   * is waiting for is read on the sender's thread.
   */
  private void readAhead() {
    int inlineFrom = -1;
    int inlineTo = -1;
    while (ahead < files.size() && inFlight < MAX_IN_FLIGHT
        && (aheadBytes < MAX_AHEAD_BYTES || ahead == next)) {
      if (!small(ahead)) {
        // Large items are streamed when their turn comes; reading past them would only hold memory.
        if (ahead != next) {
          break;
        }
        ahead++;
        continue;
      }
      int from = ahead;
      long runBytes = 0;
      while (ahead < files.size() && small(ahead) && ahead - from < RUN_ITEMS
          && (ahead == from || runBytes + size(ahead) <= RUN_BYTES)) {
        runBytes += size(ahead);
        reads[ahead] = new CompletableFuture<>();
        ahead++;
      }
      int to = ahead;
      inFlight += to - from;
      aheadBytes += runBytes;
      if (from == next) {
        inlineFrom = from;
        inlineTo = to;
      } else {
        ctx.io().execute(() -> readRun(from, to));
      }
    }
    if (inlineFrom >= 0) {
      // The sender waits for exactly this run: read it on this thread, after the later runs were
      // handed out, instead of waiting for an executor hand-off (costly when the 2 cores are busy
      // with the training job's own processes; a whole batch of tiny samples is one run).
      readRun(inlineFrom, inlineTo);
    }
  }

  private void readRun(int from, int to) {
    for (int i = from; i < to; i++) {
      CompletableFuture<byte[]> f = reads[i];
      if (f == null) {
        continue;
      }
      Attributes a = files.get(i);
      if (a == null) {
        f.complete(new byte[0]); // answered by its error (poll)
        continue;
      }
      try {
        f.complete(readWhole(a));
      } catch (DfsException e) {
        f.completeExceptionally(failure(e, i));
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    }
    // One wake per run, not per item: the sender then packs the run into one message instead of
    // being woken (an executor hand-off each) to send a message per item.
    wake.run();
  }

  private byte[] readWhole(Attributes a) {
    if (closed.get()) {
      return new byte[0];
    }
    int size = (int) Math.min(a.size(), chunkSize);
    if (size <= Limits.MAX_SMALL_READ_BYTES) {
      // One backend call (open, read, close and the access checks' attributes and encryption
      // mark), instead of five round trips over a remote backend (issue 13). The bytes are the
      // same a handle would read: the first min(size, chunk) of the file as it is now.
      byte[] data = volume.readSmall(a.id(), size, Set.of()).data();
      if (data != null) {
        return data.length > size ? Arrays.copyOf(data, size) : data;
      }
      // Grown past the limit since it was looked up: read through a handle.
    }
    try (FileHandle h = volume.open(a.id(), OpenMode.READ)) {
      byte[] buf = new byte[size];
      ByteBuffer dst = ByteBuffer.wrap(buf);
      int got = 0;
      while (dst.hasRemaining()) {
        int r = h.read(got, dst);
        if (r < 0) {
          break;
        }
        got += r;
      }
      return got == size ? buf : Arrays.copyOf(buf, got);
    }
  }

  @Override
  public synchronized @Nullable GetBatchResponse poll() throws Exception {
    GetBatchResponse.Builder msg = GetBatchResponse.newBuilder();
    long msgBytes = 0;
    while (next < files.size()) {
      readAhead();
      Attributes a = files.get(next);
      if (small(next)) {
        CompletableFuture<byte[]> f = reads[next];
        if (f == null || !f.isDone()) {
          break;
        }
        ItemError error = errors == null ? null : errors.get(next);
        if (error == null && errors != null && f.isCompletedExceptionally()) {
          error = StatusMap.itemError(f.exceptionNow());
        }
        byte[] data = error == null ? f.join() : new byte[0];
        if (msgBytes > 0 && msgBytes + data.length > chunkSize) {
          break;
        }
        reads[next] = null;
        inFlight--;
        aheadBytes -= size(next);
        if (error != null) {
          msg.addChunks(BatchChunk.newBuilder().setIndex(next).setLast(true).setError(error));
          next++;
          continue;
        }
        msg.addChunks(BatchChunk.newBuilder()
            .setIndex(next).setData(UnsafeByteOperations.unsafeWrap(data)).setLast(true)
            .setOffset(0).setFileSize(size(next)));
        msgBytes += data.length;
        ctx.metrics().sample();
        ctx.metrics().bytesRead(data.length);
        next++;
        continue;
      }
      // A large item: one chunk per message, never mixed with small items.
      if (msgBytes > 0 || msg.getChunksCount() > 0) {
        break;
      }
      msg.addChunks(largeChunk(java.util.Objects.requireNonNull(a)));
      break;
    }
    if (msg.getChunksCount() == 0) {
      return null;
    }
    return msg.build();
  }

  /** A read failure named by the item's index and path, not by its object id. */
  private BackendError failure(DfsException e, int i) {
    return BackendError.at(e, volume, "paths[" + i + "]", paths.get(i).text());
  }

  private BatchChunk largeChunk(Attributes a) {
    try {
      return readLargeChunk(a);
    } catch (DfsException e) {
      if (errors == null) {
        throw failure(e, next);
      }
      // Pieces already sent are void: the item ends here with its error, the batch goes on.
      FileHandle h = large;
      if (h != null) {
        large = null;
        h.close();
      }
      BatchChunk c = BatchChunk.newBuilder().setIndex(next).setOffset(nextOffset).setLast(true)
          .setError(StatusMap.itemError(failure(e, next))).build();
      next++;
      ahead = Math.max(ahead, next);
      return c;
    }
  }

  private BatchChunk readLargeChunk(Attributes a) {
    FileHandle h = large;
    if (h == null) {
      h = volume.open(a.id(), OpenMode.READ);
      large = h;
      nextOffset = 0;
    }
    int n = (int) Math.min(chunkSize, a.size() - nextOffset);
    byte[] buf = new byte[n];
    ByteBuffer dst = ByteBuffer.wrap(buf);
    int got = 0;
    while (dst.hasRemaining()) {
      int r = h.read(nextOffset + got, dst);
      if (r < 0) {
        break;
      }
      got += r;
    }
    BatchChunk.Builder c = BatchChunk.newBuilder()
        .setIndex(next).setOffset(nextOffset).setFileSize(a.size())
        .setData(UnsafeByteOperations.unsafeWrap(buf, 0, got));
    nextOffset += got;
    ctx.metrics().bytesRead(got);
    // A file that shrank since it was resolved ends early instead of looping.
    boolean last = nextOffset >= a.size() || got < n;
    c.setLast(last);
    if (last) {
      h.close();
      large = null;
      ctx.metrics().sample();
      next++;
      ahead = Math.max(ahead, next);
    }
    return c.build();
  }

  @Override
  public synchronized boolean finished() {
    return next >= files.size();
  }

  @Override
  public synchronized void close() {
    closed.set(true);
    FileHandle h = large;
    if (h != null) {
      h.close();
      large = null;
    }
  }
}

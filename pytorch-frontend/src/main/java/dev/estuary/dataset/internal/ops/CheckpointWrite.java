package dev.estuary.dataset.internal.ops;

import com.google.protobuf.ByteString;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.BlockCrcs;
import dev.estuary.dataset.internal.codec.CheckpointLimits;
import dev.estuary.dataset.internal.codec.CrcTable;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.CheckpointEnd;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Volume;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * One checkpoint being written. The data goes into an unlinked object ({@link
 * Volume#createUnlinked}, the backend's {@code O_TMPFILE}); only a complete, verified stream is
 * synced and then linked under its name in one step, replacing the old version. Anything else ends
 * in {@link #abort()}, which closes the handle so the backend discards the unnamed object: the old
 * version stays and nothing leaks. Unlike pydaos.torch's chunked writer (daos.md §3.5: O_CREAT
 * without O_TRUNC, no atomic publish), a reader never sees a partial or mixed checkpoint.
 *
 * <p>A stream is bounded (issue 8 item 7): at most {@link CheckpointLimits#maxBytes} per
 * checkpoint (checked against the header's declared length before anything is written, and
 * against the bytes received before each write), and the bytes not yet published count against
 * the user's share of {@link CheckpointBudget} until the write ends either way.
 *
 * <p>The CRC-32C of each block of the data ({@link BlockCrcs}) is computed as it arrives; the
 * whole stream's checksum is derived from them, and they are stored with the checkpoint ({@link
 * CrcTable}) for ReadCheckpoint to send back.
 */
public final class CheckpointWrite {
  private final OpContext ctx;
  private final CheckpointLimits limits;
  private final CheckpointBudget budget;
  private final Principal principal;
  private @Nullable CheckpointTarget target;
  private final BlockCrcs crcs;
  private long length;
  private boolean ended;
  private boolean aborted;
  /** The header's total_length, or -1. */
  private long declared = -1;
  /** Bytes reserved in the budget for this write. */
  private long reserved;

  CheckpointWrite(OpContext ctx, CheckpointLimits limits, CheckpointBudget budget, Principal principal) {
    this.ctx = ctx;
    this.limits = limits;
    this.budget = budget;
    this.principal = principal;
    this.crcs = new BlockCrcs(CheckpointTarget.blockSize(ctx.limits()));
  }

  /**
   * Handles the header: checks the path, mode and grant, finds (or creates) the parent directory
   * and creates the unlinked object.
   *
   * @param h the header
   */
  public synchronized void header(CheckpointHeader h) {
    if (target != null || ended || aborted) {
      throw RequestException.invalid("header: a second header (expected: exactly one, first)");
    }
    RelPath p = CheckpointTarget.check(h, limits);
    CheckedVolume v = CheckpointTarget.volume(ctx, principal, h, p);
    if (h.hasTotalLength()) {
      declared = h.getTotalLength();
      budget.reserve(principal.name(), declared);
      reserved = declared;
    }
    target = CheckpointTarget.create(ctx, v, h, p);
  }

  /**
   * Appends data.
   *
   * @param data the bytes of one data message
   */
  public synchronized void data(ByteString data) {
    CheckpointTarget t = target;
    if (t == null || ended || aborted) {
      throw RequestException.invalid("data: before the header or after the end (expected: header, data..., end)");
    }
    ctx.limits().checkDataMessage(data.size());
    int n = data.size();
    if (n == 0) {
      return;
    }
    long total = length + n;
    if (declared >= 0 && total > declared) {
      throw RequestException.invalid(
          "data: " + total + " bytes received (expected: at most total_length " + declared + " from the header)");
    }
    if (total > limits.maxBytes()) {
      throw RequestException.tooLarge("data: " + total + " bytes received (expected: at most " + limits.maxBytes()
          + " bytes per checkpoint, dataset.max-checkpoint-bytes)");
    }
    if (total > reserved) {
      budget.reserve(principal.name(), total - reserved);
      reserved = total;
    }
    FileHandle h = t.handle();
    try {
      for (java.nio.ByteBuffer b : data.asReadOnlyByteBufferList()) {
        crcs.update(b);
        long pos = length;
        while (b.hasRemaining()) {
          int before = b.position();
          h.write(pos, b);
          pos += b.position() - before;
        }
        length = pos;
      }
    } catch (DfsException e) {
      throw t.failure(e);
    }
  }

  /**
   * Handles the end: verifies length and checksum, syncs, publishes the name.
   *
   * @param e the end message
   * @return the response to send
   */
  public synchronized WriteCheckpointResponse end(CheckpointEnd e) {
    CheckpointTarget t = target;
    if (t == null || ended || aborted) {
      throw RequestException.invalid("end: before the header or twice (expected: header, data..., end)");
    }
    if (declared >= 0 && length != declared) {
      throw RequestException.invalid(
          "data: " + length + " bytes received (expected: total_length " + declared + " from the header)");
    }
    if (e.getTotalLength() != length) {
      throw RequestException.invalid(
          "total_length: " + e.getTotalLength() + " (expected: " + length + ", the bytes received)");
    }
    int[] blocks = crcs.finish();
    int got = CrcTable.whole(crcs.blockSize(), blocks, length);
    if (e.hasCrc32C() && e.getCrc32C() != got) {
      throw new RequestException(
          Status.Code.DATA_LOSS,
          "crc32c: " + Integer.toUnsignedString(e.getCrc32C()) + " (expected: " + Integer.toUnsignedString(got)
              + ", the CRC-32C of the bytes received)");
    }
    WriteCheckpointResponse r = t.publish(crcs.blockSize(), blocks, length);
    ended = true;
    target = null;
    release();
    return r;
  }

  /**
   * Returns whether the end message was handled.
   *
   * @return true once published
   */
  public synchronized boolean ended() {
    return ended;
  }

  /** Drops an unfinished write: the unlinked object is discarded, the old version stays. */
  public synchronized void abort() {
    aborted = true;
    CheckpointTarget t = target;
    if (t != null) {
      target = null;
      t.close();
    }
    release();
  }

  private void release() {
    budget.release(principal.name(), reserved);
    reserved = 0;
  }
}

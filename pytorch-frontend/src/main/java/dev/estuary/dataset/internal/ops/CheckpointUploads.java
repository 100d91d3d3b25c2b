package dev.estuary.dataset.internal.ops;

import com.google.protobuf.ByteString;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.CheckpointLimits;
import dev.estuary.dataset.internal.codec.CrcTable;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.CheckpointBlock;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.FileHandle;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The parallel checkpoint uploads in progress (BeginCheckpoint, WriteCheckpointBlocks,
 * CommitCheckpoint, AbortCheckpoint). An upload is one unnamed object ({@link CheckpointTarget})
 * whose fixed-size blocks any number of streams write concurrently (positional writes to one
 * handle, which the backend allows), each block once; the commit publishes it like a
 * WriteCheckpoint end. Every way an upload ends other than a commit (abort, a failed or cancelled
 * block stream, a failed commit, no message for the idle timeout) closes the handle, so the
 * backend drops the object and the previous version stays.
 *
 * <p>Bounds: the declared length (checked before anything is created) or each block's end
 * against max-checkpoint-bytes; the declared length, or each block as it arrives, reserved in the
 * user's budget of unpublished bytes shared with WriteCheckpoint until the upload ends; at most {@link #MAX_UPLOADS_PER_USER} uploads
 * per user. Upload ids are 16 random bytes, and bound to the user who began them: another user's
 * id answers NOT_FOUND like an unknown one.
 */
public final class CheckpointUploads {
  /** Most uploads one user may have open at once. */
  public static final int MAX_UPLOADS_PER_USER = 64;

  private final OpContext ctx;
  private final CheckpointLimits limits;
  private final CheckpointBudget budget;
  private final int blockSize;
  private final SecureRandom random = new SecureRandom();
  private final Map<ByteString, Upload> uploads = new ConcurrentHashMap<>();

  /**
   * Creates the registry, sharing the budget of unpublished bytes with single-stream writes.
   *
   * @param ctx the shared context
   * @param writes the WriteCheckpoint handler whose limits and budget apply
   */
  public CheckpointUploads(OpContext ctx, WriteCheckpointOp writes) {
    this.ctx = ctx;
    this.limits = writes.limits();
    this.budget = writes.budget();
    this.blockSize = CheckpointTarget.blockSize(ctx.limits());
  }

  /** The block size of uploads. */
  int blockSize() {
    return blockSize;
  }

  /** Checks the header, reserves its length, creates the object and registers the upload. */
  Upload begin(Principal principal, CheckpointHeader h) {
    RelPath p = CheckpointTarget.check(h, limits);
    CheckedVolume v = CheckpointTarget.volume(ctx, principal, h, p);
    String user = principal.name();
    long open = uploads.values().stream().filter(u -> u.user.equals(user)).count();
    if (open >= MAX_UPLOADS_PER_USER) {
      throw RequestException.tooLarge("uploads: user " + Echo.quote(user) + " has " + open
          + " checkpoint uploads open (expected: at most " + MAX_UPLOADS_PER_USER + "; commit or abort one first)");
    }
    long declared = h.hasTotalLength() ? h.getTotalLength() : -1;
    long reserve = Math.max(0, declared);
    budget.reserve(user, reserve);
    CheckpointTarget target;
    try {
      target = CheckpointTarget.create(ctx, v, h, p);
    } catch (RuntimeException e) {
      budget.release(user, reserve);
      throw e;
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    Upload u = new Upload(ByteString.copyFrom(id), user, target, declared, ctx.clock().millis());
    uploads.put(u.id, u);
    return u;
  }

  /**
   * Finds an open upload of this user.
   *
   * @throws RequestException NOT_FOUND for an unknown id, one of another user, or an ended upload
   */
  Upload find(Principal principal, ByteString id) {
    if (id.size() != 16) {
      throw RequestException.invalid("upload_id: " + id.size() + " bytes (expected: 16, as BeginCheckpoint returns it)");
    }
    Upload u = uploads.get(id);
    if (u == null || !u.user.equals(principal.name())) {
      throw new RequestException(Status.Code.NOT_FOUND, "upload_id: no such upload of user "
          + Echo.quote(principal.name()) + " (expected: one from BeginCheckpoint, not yet committed, aborted,"
          + " failed or idle for longer than dataset.checkpoint-idle-timeout)");
    }
    return u;
  }

  /**
   * Ends every upload that had no message for the timeout: its object is dropped, its budget freed.
   *
   * @param now the clock's time in milliseconds
   * @param timeoutMillis the idle timeout
   */
  public void expireIdle(long now, long timeoutMillis) {
    for (Upload u : uploads.values()) {
      u.expireIfIdle(now, timeoutMillis);
    }
  }

  /**
   * Returns the number of uploads open (for tests and metrics).
   *
   * @return the count
   */
  public int open() {
    return uploads.size();
  }

  /** One upload; its methods are called from any stream's thread. */
  final class Upload {
    final ByteString id;
    final String user;
    private final CheckpointTarget target;
    /** The header's total_length, or -1 until the commit gives it. */
    private final long declared;
    private int[] crcs;
    private int[] lengths;
    private final BitSet claimed = new BitSet();
    private final BitSet done = new BitSet();
    /** Bytes held in the user's budget. */
    private long reserved;
    private int inFlight;
    private boolean committing;
    private boolean ended;
    private volatile long lastActivity;

    Upload(ByteString id, String user, CheckpointTarget target, long declared, long now) {
      this.id = id;
      this.user = user;
      this.target = target;
      this.declared = declared;
      int blocks = declared >= 0 ? CrcTable.blocks(declared, blockSize) : 16;
      this.crcs = new int[blocks];
      this.lengths = new int[blocks];
      this.reserved = Math.max(0, declared);
      this.lastActivity = now;
    }

    /** Writes one block: checks its place and length, claims it, writes, checks its CRC-32C. */
    void write(CheckpointBlock b) {
      long offset = b.getOffset();
      int n = b.getData().size();
      int index;
      synchronized (this) {
        requireOpen();
        touch();
        boolean inside = declared >= 0 ? offset < declared : offset <= limits.maxBytes() - n;
        if (offset < 0 || offset % blockSize != 0 || !inside) {
          throw RequestException.invalid("offset: " + Long.toUnsignedString(offset) + " (expected: a multiple of the"
              + " block size " + blockSize + " below " + (declared >= 0 ? "total_length " + declared
              : "dataset.max-checkpoint-bytes " + limits.maxBytes()) + ")");
        }
        if (declared >= 0 ? n != Math.min(blockSize, declared - offset) : n < 1 || n > blockSize) {
          throw RequestException.invalid("data: " + n + " bytes at offset " + offset + " (expected: "
              + (declared >= 0 ? Long.toString(Math.min(blockSize, declared - offset)) : "1 to " + blockSize)
              + ", the block size or the rest of the checkpoint)");
        }
        index = (int) (offset / blockSize);
        if (claimed.get(index)) {
          throw RequestException.invalid("offset: " + offset + " written twice (expected: each block once)");
        }
        if (declared < 0) {
          budget.reserve(user, n);
          reserved += n;
        }
        claimed.set(index);
        inFlight++;
      }
      int crc;
      try {
        FileHandle h = target.handle();
        CRC32C c = new CRC32C();
        long pos = offset;
        for (ByteBuffer buf : b.getData().asReadOnlyByteBufferList()) {
          c.update(buf.duplicate());
          while (buf.hasRemaining()) {
            int before = buf.position();
            h.write(pos, buf);
            pos += buf.position() - before;
          }
        }
        crc = (int) c.getValue();
      } catch (DfsException e) {
        finishWrite();
        throw target.failure(e);
      } catch (RuntimeException e) {
        finishWrite();
        throw e;
      }
      synchronized (this) {
        inFlight--;
        touch();
        if (b.hasCrc32C() && b.getCrc32C() != crc) {
          throw new RequestException(Status.Code.DATA_LOSS, "crc32c: " + Integer.toUnsignedString(b.getCrc32C())
              + " for the block at offset " + offset + " of " + Echo.quote(target.path()) + " (expected: "
              + Integer.toUnsignedString(crc) + ", the CRC-32C of the bytes received)");
        }
        if (index >= crcs.length) {
          int grown = Math.max(index + 1, crcs.length * 2);
          crcs = Arrays.copyOf(crcs, grown);
          lengths = Arrays.copyOf(lengths, grown);
        }
        crcs[index] = crc;
        lengths[index] = n;
        done.set(index);
      }
    }

    private synchronized void finishWrite() {
      inFlight--;
    }

    /** Publishes the upload once every block is written; any failure ends it. */
    WriteCheckpointResponse commit(@Nullable Long length) {
      long total;
      int count;
      synchronized (this) {
        requireOpen();
        if (inFlight > 0) {
          throw new RequestException(Status.Code.FAILED_PRECONDITION, "upload of " + Echo.quote(target.path())
              + ": " + inFlight + " blocks still being written (expected: commit after every WriteCheckpointBlocks"
              + " stream has answered)");
        }
        if (length == null && declared < 0) {
          throw RequestException.invalid("total_length: not set (expected: the checkpoint's length, as the header"
              + " did not declare it)");
        }
        total = length == null ? declared : length;
        if (declared >= 0 && total != declared) {
          throw RequestException.invalid("total_length: " + Long.toUnsignedString(total) + " (expected: "
              + declared + " from the header)");
        }
        if (total < 0 || total > limits.maxBytes()) {
          throw RequestException.invalid("total_length: " + Long.toUnsignedString(total) + " (expected: at most "
              + limits.maxBytes() + ", dataset.max-checkpoint-bytes)");
        }
        count = CrcTable.blocks(total, blockSize);
        int missing = done.nextClearBit(0);
        if (missing < count) {
          throw RequestException.invalid("upload of " + Echo.quote(target.path()) + ": " + done.cardinality() + " of "
              + count + " blocks written, first missing at offset " + (long) missing * blockSize
              + " (expected: every block of total_length " + total + ")");
        }
        if (done.length() > count) {
          throw RequestException.invalid("upload of " + Echo.quote(target.path()) + ": a block at offset "
              + (long) (done.length() - 1) * blockSize + " (expected: none at or past total_length " + total + ")");
        }
        for (int i = 0; i < count; i++) {
          long expected = Math.min(blockSize, total - (long) i * blockSize);
          if (lengths[i] != expected) {
            throw RequestException.invalid("upload of " + Echo.quote(target.path()) + ": the block at offset "
                + (long) i * blockSize + " has " + lengths[i] + " bytes (expected: " + expected
                + " for total_length " + total + ")");
          }
        }
        committing = true;
      }
      try {
        return target.publish(blockSize, Arrays.copyOf(crcs, count), total);
      } finally {
        end();
      }
    }

    /** Ends the upload without publishing (idempotent); the object is dropped. */
    void end() {
      long release;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        release = reserved;
        reserved = 0;
      }
      uploads.remove(id, this);
      budget.release(user, release);
      target.close();
    }

    void expireIfIdle(long now, long timeoutMillis) {
      synchronized (this) {
        if (ended || committing || inFlight > 0 || now - lastActivity < timeoutMillis) {
          return;
        }
      }
      end();
    }

    private void touch() {
      lastActivity = ctx.clock().millis();
    }

    private void requireOpen() {
      if (ended || committing) {
        throw new RequestException(Status.Code.NOT_FOUND, "upload of " + Echo.quote(target.path()) + ": "
            + (committing ? "being committed" : "ended") + " (expected: an open upload)");
      }
    }
  }

  /** One WriteCheckpointBlocks call: the upload its first block names, and what it wrote. */
  final class Stream {
    private final Principal principal;
    private @Nullable Upload upload;
    private long blocks;
    private long bytes;

    Stream(Principal principal) {
      this.principal = principal;
    }

    void block(CheckpointBlock b) {
      Upload u = upload;
      if (u == null) {
        u = find(principal, b.getUploadId());
        upload = u;
      } else if (!u.id.equals(b.getUploadId())) {
        throw RequestException.invalid("upload_id: differs from the stream's first block (expected: one upload per"
            + " stream)");
      }
      ctx.limits().checkDataMessage(b.getData().size());
      u.write(b);
      blocks++;
      bytes += b.getData().size();
    }

    long blocks() {
      return blocks;
    }

    long bytes() {
      return bytes;
    }

    /** A failed or cancelled stream ends its upload: the client starts the checkpoint again. */
    void fail() {
      Upload u = upload;
      if (u != null) {
        u.end();
      }
    }
  }
}

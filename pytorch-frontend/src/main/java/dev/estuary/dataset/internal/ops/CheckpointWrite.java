package dev.estuary.dataset.internal.ops;

import com.google.protobuf.ByteString;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.CheckpointLimits;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.CheckpointEnd;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import io.grpc.Status;
import java.util.zip.CRC32C;
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
 */
public final class CheckpointWrite {
  private final OpContext ctx;
  private final CheckpointLimits limits;
  private final CheckpointBudget budget;
  private final Principal principal;
  private @Nullable Volume volume;
  private @Nullable RelPath path;
  private @Nullable Attributes parent;
  private boolean noReplace;
  private @Nullable FileHandle handle;
  private final CRC32C crc = new CRC32C();
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
  }

  /**
   * Handles the header: checks the path, mode and grant, finds (or creates) the parent directory
   * and creates the unlinked object.
   *
   * @param h the header
   */
  public synchronized void header(CheckpointHeader h) {
    if (volume != null || ended || aborted) {
      throw RequestException.invalid("header: a second header (expected: exactly one, first)");
    }
    RelPath p = RelPath.parsePlain("path", h.getPath());
    // Only permission bits: a checkpoint is data, and a client must not create setuid, setgid or
    // sticky files that an NFS or SMB client of the same volume would then honour.
    if ((h.getMode() & ~0777) != 0) {
      throw RequestException.invalid("mode: 0" + Integer.toOctalString(h.getMode())
          + " (expected: permission bits within 0777; setuid, setgid and sticky are refused)");
    }
    if (h.hasTotalLength() && (h.getTotalLength() < 0 || h.getTotalLength() > limits.maxBytes())) {
      throw RequestException.tooLarge("total_length: " + Long.toUnsignedString(h.getTotalLength())
          + " (expected: at most " + limits.maxBytes() + " bytes per checkpoint, dataset.max-checkpoint-bytes)");
    }
    CheckedVolume v = Access.volume(ctx, principal, h.getVolume(), Permission.WRITE);
    Resolver.refuseReservedPath(v, "path", p.text());
    if (h.hasTotalLength()) {
      declared = h.getTotalLength();
      budget.reserve(principal.name(), declared);
      reserved = declared;
    }
    // Like S3: the caller with the volume's group, the volume's modes unless the header gives one.
    int mode = h.getMode() == 0 ? v.defaults().fileMode() : h.getMode();
    Ownership owner = v.newOwner();
    Attributes dir;
    if (h.getEnsureParent()) {
      try {
        dir = v.mkdirs(p.parent(), v.defaults().dirMode(), owner);
      } catch (DfsException e) {
        throw BackendError.at(e, v, "path", p.text());
      }
    } else {
      dir = Resolver.resolve(v, "path", p.parent(), true);
    }
    if (!dir.isDirectory()) {
      throw new BackendError(ErrorKind.NOT_DIRECTORY, BackendError.where(v, "path", p.text()) + ": parent "
          + Echo.quote(p.parent()) + " is a " + dir.type() + " (expected: a directory)", null);
    }
    // The parent may be the root reached through a symlink: the name itself must not be reserved.
    Resolver.refuseReserved(v, dir, p.name(), "path", p.text());
    noReplace = h.getNoReplace();
    if (noReplace) {
      checkAbsent(v, dir, p);
    }
    try {
      Attributes obj = v.createUnlinked(mode, owner);
      handle = v.open(obj.id(), OpenMode.READ_WRITE);
    } catch (DfsException e) {
      throw BackendError.at(e, v, "path", p.text());
    }
    volume = v;
    path = p;
    parent = dir;
  }

  /**
   * Appends data.
   *
   * @param data the bytes of one data message
   */
  public synchronized void data(ByteString data) {
    FileHandle h = handle;
    Volume v = volume;
    RelPath p = path;
    if (h == null || v == null || p == null || ended || aborted) {
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
    try {
      for (java.nio.ByteBuffer b : data.asReadOnlyByteBufferList()) {
        crc.update(b.duplicate());
        long pos = length;
        while (b.hasRemaining()) {
          int before = b.position();
          h.write(pos, b);
          pos += b.position() - before;
        }
        length = pos;
      }
    } catch (DfsException e) {
      throw BackendError.at(e, v, "path", p.text());
    }
  }

  /**
   * Handles the end: verifies length and checksum, syncs, publishes the name.
   *
   * @param e the end message
   * @return the response to send
   */
  public synchronized WriteCheckpointResponse end(CheckpointEnd e) {
    FileHandle h = handle;
    Volume v = volume;
    RelPath p = path;
    Attributes dir = parent;
    if (h == null || v == null || p == null || dir == null || ended || aborted) {
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
    int got = (int) crc.getValue();
    if (e.hasCrc32C() && e.getCrc32C() != got) {
      throw new RequestException(
          Status.Code.DATA_LOSS,
          "crc32c: " + Integer.toUnsignedString(e.getCrc32C()) + " (expected: " + Integer.toUnsignedString(got)
              + ", the CRC-32C of the bytes received)");
    }
    // Durable data before the name exists, then the name itself (DESIGN §4: never a torn object
    // under its final name): syncData + link + syncNamespace costs one metadata-log sync (plus the
    // data file's fsync for a large checkpoint), and never flushes other writers' files.
    Attributes published;
    try {
      h.syncData();
      published = v.link(h.id(), dir.id(), p.name(), noReplace ? RenameMode.NO_REPLACE : RenameMode.REPLACE);
      v.syncNamespace();
    } catch (DfsException x) {
      throw BackendError.at(x, v, "path", p.text());
    }
    ended = true;
    h.close();
    handle = null;
    release();
    ctx.metrics().checkpoint(length);
    return WriteCheckpointResponse.newBuilder()
        .setSize(length)
        .setObjectId(ByteString.copyFrom(published.id().toBytes()))
        .setCrc32C(got)
        .build();
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
    FileHandle h = handle;
    if (h != null) {
      handle = null;
      h.close();
    }
    release();
  }

  private void release() {
    budget.release(principal.name(), reserved);
    reserved = 0;
  }

  private static void checkAbsent(Volume v, Attributes dir, RelPath p) {
    try {
      v.lookup(dir.id(), p.name());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return;
      }
      throw BackendError.at(e, v, "path", p.text());
    }
    throw new BackendError(ErrorKind.EXISTS,
        BackendError.where(v, "path", p.text()) + " exists (expected: no file, as no_replace is set)", null);
  }
}

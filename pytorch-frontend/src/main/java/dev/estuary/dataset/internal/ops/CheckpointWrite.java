package dev.estuary.dataset.internal.ops;

import com.google.protobuf.ByteString;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
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
 */
public final class CheckpointWrite {
  private final OpContext ctx;
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

  CheckpointWrite(OpContext ctx, Principal principal) {
    this.ctx = ctx;
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
    if ((h.getMode() & ~07777) != 0) {
      throw RequestException.invalid("mode: 0" + Integer.toOctalString(h.getMode()) + " (expected: permission bits within 07777)");
    }
    CheckedVolume v = Access.volume(ctx, principal, h.getVolume(), Permission.WRITE);
    // Like S3: the caller with the volume's group, the volume's modes unless the header gives one.
    int mode = h.getMode() == 0 ? v.defaults().fileMode() : h.getMode();
    Ownership owner = v.newOwner();
    Attributes dir;
    try {
      dir = h.getEnsureParent() ? v.mkdirs(p.parent(), v.defaults().dirMode(), owner) : v.resolve(p.parent(), true);
    } catch (DfsException e) {
      throw Access.withPath(e, v, p.parent());
    }
    if (!dir.isDirectory()) {
      throw new DfsException(
          ErrorKind.NOT_DIRECTORY, "path: '" + p.text() + "': parent '" + p.parent() + "' is a " + dir.type()
              + " (expected: a directory)");
    }
    noReplace = h.getNoReplace();
    if (noReplace) {
      checkAbsent(v, dir, p);
    }
    Attributes obj = v.createUnlinked(mode, owner);
    handle = v.open(obj.id(), OpenMode.READ_WRITE);
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
    if (h == null || ended || aborted) {
      throw RequestException.invalid("data: before the header or after the end (expected: header, data..., end)");
    }
    ctx.limits().checkDataMessage(data.size());
    int n = data.size();
    if (n == 0) {
      return;
    }
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
    h.syncData();
    Attributes published = v.link(h.id(), dir.id(), p.name(), noReplace ? RenameMode.NO_REPLACE : RenameMode.REPLACE);
    v.syncNamespace();
    ended = true;
    h.close();
    handle = null;
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
  }

  private static void checkAbsent(Volume v, Attributes dir, RelPath p) {
    try {
      v.lookup(dir.id(), p.name());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return;
      }
      throw e;
    }
    throw new DfsException(
        ErrorKind.EXISTS, "path: '" + p.text() + "' exists in volume '" + v.name() + "' (expected: no file, as no_replace is set)");
  }
}

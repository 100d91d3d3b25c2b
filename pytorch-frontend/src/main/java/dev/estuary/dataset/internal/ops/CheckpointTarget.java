package dev.estuary.dataset.internal.ops;

import com.google.protobuf.ByteString;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.CheckpointLimits;
import dev.estuary.dataset.internal.codec.CrcTable;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.internal.codec.ServiceLimits;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.XattrMode;
import java.time.Instant;

/**
 * The unnamed object a checkpoint is written into and the name it will be published under, shared
 * by the single-stream {@link CheckpointWrite} and the parallel {@link CheckpointUploads}: the
 * header's checks (path, mode, grant, parent, {@code no_replace}) before anything is created, and
 * the publish (the block CRC table, data sync, link, namespace sync) after everything is written.
 */
final class CheckpointTarget {
  /** The CRC block size of checkpoints (and the block size of parallel uploads): 1 MiB. */
  static final int BLOCK_SIZE = 1 << 20;

  private final OpContext ctx;
  private final CheckedVolume volume;
  private final RelPath path;
  private final Attributes parent;
  private final boolean noReplace;
  private final FileHandle handle;

  private CheckpointTarget(
      OpContext ctx, CheckedVolume volume, RelPath path, Attributes parent, boolean noReplace, FileHandle handle) {
    this.ctx = ctx;
    this.volume = volume;
    this.path = path;
    this.parent = parent;
    this.noReplace = noReplace;
    this.handle = handle;
  }

  /**
   * Returns the CRC block size for a service's limits: 1 MiB, or the largest power of two within
   * a smaller max-chunk-bytes (a block must fit one data message).
   */
  static int blockSize(ServiceLimits limits) {
    return Math.min(BLOCK_SIZE, Integer.highestOneBit(limits.maxChunkBytes()));
  }

  /**
   * Checks a header without touching the backend: the path's form, the mode bits and the declared
   * length against the per-checkpoint limit.
   */
  static RelPath check(CheckpointHeader h, CheckpointLimits limits) {
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
    return p;
  }

  /** The caller's view of the header's volume with the write grant checked, reserved names refused. */
  static CheckedVolume volume(OpContext ctx, Principal principal, CheckpointHeader h, RelPath p) {
    CheckedVolume v = Access.volume(ctx, principal, h.getVolume(), Permission.WRITE);
    Resolver.refuseReservedPath(v, "path", p.text());
    return v;
  }

  /**
   * Finds (or creates) the parent directory and creates the unlinked object, open for writing.
   */
  static CheckpointTarget create(OpContext ctx, CheckedVolume v, CheckpointHeader h, RelPath p) {
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
    if (h.getNoReplace()) {
      checkAbsent(v, dir, p);
    }
    FileHandle handle;
    try {
      Attributes obj = v.createUnlinked(mode, owner);
      handle = v.open(obj.id(), OpenMode.READ_WRITE);
    } catch (DfsException e) {
      throw BackendError.at(e, v, "path", p.text());
    }
    return new CheckpointTarget(ctx, v, p, dir, h.getNoReplace(), handle);
  }

  /** The open handle of the unnamed object. */
  FileHandle handle() {
    return handle;
  }

  /** The path as the client gave it, for messages. */
  String path() {
    return path.text();
  }

  /** A backend failure on this checkpoint, named by volume and path. */
  RuntimeException failure(DfsException e) {
    return BackendError.at(e, volume, "path", path.text());
  }

  /**
   * Publishes the object: stores the CRC table of its blocks, makes the data durable, links it
   * under its name and syncs the namespace. Closes the handle on success.
   *
   * @param blockSize the size of the blocks {@code crcs} describe
   * @param crcs the CRC-32C of every block of the data
   * @param length the data length
   * @return the answer to the client
   */
  WriteCheckpointResponse publish(int blockSize, int[] crcs, long length) {
    int whole = CrcTable.whole(blockSize, crcs, length);
    Attributes published;
    try {
      // The table describes the data as it is now (size and modification time; the xattr and the
      // link move only the change time), so a reader can tell whether it still applies.
      Attributes now = handle.attributes();
      CrcTable table = CrcTable.of(blockSize, crcs, length, nanos(now.modifyTime()));
      volume.setXattr(handle.id(), CrcTable.XATTR, table.encode(), XattrMode.UPSERT);
      // Durable data before the name exists, then the name itself (DESIGN §4: never a torn object
      // under its final name): syncData + link + syncNamespace costs one metadata-log sync (plus the
      // data file's fsync for a large checkpoint), and never flushes other writers' files.
      handle.syncData();
      published = volume.link(handle.id(), parent.id(), path.name(), noReplace ? RenameMode.NO_REPLACE : RenameMode.REPLACE);
      volume.syncNamespace();
    } catch (DfsException x) {
      throw failure(x);
    }
    handle.close();
    ctx.metrics().checkpoint(length);
    return WriteCheckpointResponse.newBuilder()
        .setSize(length)
        .setObjectId(ByteString.copyFrom(published.id().toBytes()))
        .setCrc32C(whole)
        .build();
  }

  /** Drops the unnamed object (the backend discards it when its last handle closes). */
  void close() {
    handle.close();
  }

  /** An instant as nanoseconds since the epoch, as {@link CrcTable} keys it. */
  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static void checkAbsent(CheckedVolume v, Attributes dir, RelPath p) {
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

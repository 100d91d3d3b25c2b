package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.LocalData;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.SeekKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle on an open file: checks its mode and state, then delegates to the shared {@link
 * OpenObject}. Cheap to create; closing drops one reference.
 */
final class EngineHandle implements FileHandle {
  private static final int COPY_CHUNK = 256 * 1024;

  private final EngineVolume volume;
  private final EngineDfs dfs;
  private final OpenObject object;
  private final OpenMode mode;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Optional<LocalData> local = Optional.of(new Local());

  EngineHandle(EngineVolume volume, OpenObject object, OpenMode mode) {
    this.volume = volume;
    this.dfs = volume.dfs;
    this.object = object;
    this.mode = mode;
  }

  private void check() {
    if (closed.get()) {
      throw new DfsException(ErrorKind.CLOSED, "handle on " + object.id + " is closed");
    }
    dfs.checkOpen();
    if (object.stale || volume.deleted) {
      throw new DfsException(ErrorKind.STALE, "object " + object.id + " is gone (its volume was deleted)");
    }
  }

  private void checkWrite() {
    check();
    if (!mode.canWrite()) {
      throw new DfsException(ErrorKind.READ_ONLY, "handle on " + object.id + " is open " + mode + " (expected: WRITE or READ_WRITE)");
    }
  }

  private void checkRead() {
    check();
    if (!mode.canRead()) {
      throw new DfsException(ErrorKind.NOT_PERMITTED, "handle on " + object.id + " is open " + mode + " (expected: READ or READ_WRITE)");
    }
  }

  private DfsException io(String what, IOException e) {
    if (e instanceof ClosedByInterruptException) {
      Thread.currentThread().interrupt();
    }
    String msg = String.valueOf(e.getMessage());
    ErrorKind kind = msg.contains("No space left") ? ErrorKind.NO_SPACE : ErrorKind.IO_ERROR;
    return new DfsException(kind, what + " of " + object.id + " failed: " + e, e);
  }

  /**
   * Publishes a data change (after it happened). A stream of writes costs one queued event per
   * subscriber: {@link WatchHub} coalesces MODIFIED events not yet delivered.
   */
  private void modified(long change) {
    dfs.watch.modified(volume, object.id, change);
  }

  @Override
  public ObjectId id() {
    return object.id;
  }

  @Override
  public OpenMode mode() {
    return mode;
  }

  @Override
  public Attributes attributes() {
    long guard = dfs.enter();
    try {
      check();
      return volume.attributes(volume.inode(object.id));
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public long size() {
    long guard = dfs.enter();
    try {
      check();
      return object.size;
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public int read(long position, ByteBuffer dst) {
    long guard = dfs.enter();
    try {
      checkRead();
      Limits.checkRange(position, dst.remaining());
      try {
        return object.read(position, dst);
      } catch (IOException e) {
        throw io("read", e);
      }
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public int write(long position, ByteBuffer src) {
    long guard = dfs.enter();
    try {
      checkWrite();
      Limits.checkRange(position, src.remaining());
      object.checkMutable(dfs.now(), "write");
      try {
        long change = dfs.nextChange();
        int n = object.write(position, src, dfs.now(), change);
        modified(change);
        return n;
      } catch (IOException e) {
        throw io("write", e);
      }
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    long guard = dfs.enter();
    try {
      checkRead();
      Limits.checkRange(position, count);
      try {
        return object.transferTo(position, count, target);
      } catch (IOException e) {
        throw io("transfer", e);
      }
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public void truncate(long size) {
    long guard = dfs.enter();
    try {
      checkWrite();
      Limits.checkRange(size, 0);
      object.checkMutable(dfs.now(), "truncate");
      try {
        long change = dfs.nextChange();
        object.truncate(size, dfs.now(), change);
        modified(change);
      } catch (IOException e) {
        throw io("truncate", e);
      }
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public void punchHole(long offset, long length) {
    long guard = dfs.enter();
    try {
      checkWrite();
      Limits.checkRange(offset, length);
      object.checkMutable(dfs.now(), "punch hole");
      long change = dfs.nextChange();
      object.punchHole(offset, length, dfs.now(), change);
      modified(change);
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public void allocate(long offset, long length, boolean keepSize) {
    long guard = dfs.enter();
    try {
      checkWrite();
      Limits.checkRange(offset, length);
      if (!keepSize && offset + length > object.size) {
        // Reserving space inside the file changes nothing a reader sees; growing it does.
        object.checkMutable(dfs.now(), "allocate beyond the end");
      }
      try {
        long change = dfs.nextChange();
        object.allocate(offset, length, keepSize, dfs.now(), change);
        modified(change);
      } catch (IOException e) {
        throw io("allocate", e);
      }
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public long seek(long offset, SeekKind kind) {
    long guard = dfs.enter();
    try {
      check();
      Limits.checkRange(offset, 0);
      return object.seek(offset, kind);
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public long copyTo(long offset, FileHandle target, long targetOffset, long length) {
    long guard = dfs.enter();
    try {
      checkRead();
      Limits.checkRange(offset, length);
      Limits.checkRange(targetOffset, length);
      if (!(target instanceof EngineHandle t) || t.dfs != dfs) {
        throw new DfsException(ErrorKind.CROSS_VOLUME, "copy target " + target.id() + " is not a file of this engine");
      }
      t.checkWrite();
      t.object.checkMutable(dfs.now(), "copy into");
      if (t.volume != volume) {
        throw new DfsException(ErrorKind.CROSS_VOLUME,
            "copy from volume '" + volume.name() + "' to '" + t.volume.name() + "' (expected: the same volume)");
      }
      long size = object.size;
      if (offset >= size || length == 0) {
        return 0;
      }
      long len = Math.min(length, size - offset);
      FileChannel src = object.channel();
      FileChannel dst = t.object.channel();
      if (src != null && dst != null && t.object != object) {
        t.object.beforeDataFileChange();
        long n = Natives.copyFileRange(object.fd(), offset, t.object.fd(), targetOffset, len,
            object.id + " -> " + t.object.id);
        // Account the bytes through the target's state (size, times, change) with an empty write.
        long change = dfs.nextChange();
        t.object.noteWrite(targetOffset + n, dfs.now(), change);
        t.modified(change);
        return n;
      }
      // Inline data (or a copy within one file): copy through a buffer, front to back.
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(COPY_CHUNK, len));
      long done = 0;
      long lastChange = 0;
      try {
        while (done < len) {
          buf.clear();
          buf.limit((int) Math.min(buf.capacity(), len - done));
          int r = object.read(offset + done, buf);
          if (r <= 0) {
            break;
          }
          buf.flip();
          lastChange = dfs.nextChange();
          t.object.write(targetOffset + done, buf, dfs.now(), lastChange);
          done += r;
        }
      } catch (IOException e) {
        throw io("copy", e);
      } finally {
        if (lastChange != 0) {
          t.modified(lastChange);
        }
      }
      return done;
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public void sync() {
    sync(true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: fsyncs the data file if it has unsynced writes (and its fan-out directory if the file
   * is new), then writes the attributes and any inline data back to the WAL without an fsync.
   */
  @Override
  public void syncData() {
    sync(false);
  }

  /**
   * Fsyncs the data file if it has unsynced writes, then persists the attributes and inline data.
   *
   * @param durable whether the WAL write is fsynced too ({@link #sync}) or not ({@link #syncData})
   */
  private void sync(boolean durable) {
    long guard = dfs.enter();
    try {
      check();
      try {
        object.syncData();
      } catch (IOException e) {
        throw io("sync", e);
      }
      dfs.objects.persist(object, durable);
    } finally {
      dfs.exit(guard);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: present once the object has a data file (never for inline data); an object never goes
   * back to inline while open, so it stays present. The data file's length is the size ({@link
   * OpenObject}), and the file is unlinked only when the object is reclaimed after its last close.
   */
  @Override
  public Optional<LocalData> localData() {
    long guard = dfs.enter();
    try {
      check();
      return object.channel() == null ? Optional.empty() : local;
    } finally {
      dfs.exit(guard);
    }
  }

  /**
   * Writes made to the data file by another process (dfs-remote's descriptor passing): the same
   * checks and accounting as {@link #write}, split around the caller's own {@code pwrite}.
   */
  private final class Local implements LocalData {
    @Override
    public Path path() {
      return object.path.toAbsolutePath();
    }

    @Override
    public void beginWrite(long position, long length) {
      long guard = dfs.enter();
      try {
        checkWrite();
        Limits.checkRange(position, length);
        object.checkMutable(dfs.now(), "write");
        // Journals the object before the file can run ahead of the stored size, as write() does.
        object.beforeDataFileChange();
      } finally {
        dfs.exit(guard);
      }
    }

    @Override
    public void endWrite(long position, long length) {
      long guard = dfs.enter();
      try {
        checkWrite();
        Limits.checkRange(position, length);
        long change = dfs.nextChange();
        // An empty write never grows the file, whatever its position (as pwrite of 0 bytes).
        object.noteWrite(length == 0 ? 0 : position + length, dfs.now(), change);
        modified(change);
      } finally {
        dfs.exit(guard);
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long guard = dfs.tryEnter();
    if (guard == 0L) {
      return; // The engine closed (or is closing) every object itself.
    }
    try {
      dfs.objects.release(object);
    } finally {
      dfs.exit(guard);
    }
  }

  @Override
  public String toString() {
    return "EngineHandle[" + object.id + ", " + mode + "]";
  }
}

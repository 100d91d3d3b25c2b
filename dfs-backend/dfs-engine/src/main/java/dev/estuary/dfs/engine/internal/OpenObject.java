package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.SeekKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * One open file, shared by every handle on it (the open-object table entry). Holds the data of an
 * inline file in memory, or the one {@link FileChannel} of a data file, and the data attributes
 * (size, times, change counter) that writes move. Those are written back to RocksDB only by {@link
 * ObjectTable#persist} (sync, last close, the write-back timer), so a write costs no RocksDB
 * write. Mutable state is guarded by this object's monitor; the channel is used without it, since
 * positional channel I/O is thread-safe.
 */
public final class OpenObject {
  final ObjectId id;
  final EngineVolume volume;
  final Path path;
  private final int threshold;

  // Guarded by this.
  int refs;
  boolean finished;
  private byte @Nullable [] inlineData;
  private volatile @Nullable FileChannel channel;
  private int fd = -1;
  /** {@link #fd} as seen by readers without the monitor; -1 until the first read opens it. */
  private volatile int readFd = -1;
  /** Readers of {@link #fd} hold the read lock; {@link #closeFiles} the write lock. */
  private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
  volatile long size;
  Instant atime;
  Instant mtime;
  Instant ctime;
  long change;
  boolean dirty;
  boolean inlineDirty;
  /** The stored inode says inline with some bytes: force the data file before storing "not inline". */
  boolean storedInlineData;
  /** A data file was created and its directory entry is not known durable yet. */
  volatile boolean newFile;
  /** Its fan-out directory was created too, so the volume directory needs an fsync as well. */
  volatile boolean newDirectory;
  /** The data file has writes not known durable yet. */
  volatile boolean dataDirty;
  /** Whether this object is on the start-up work list as {@link PendingObjects#WRITING}. */
  volatile boolean journaled;
  volatile boolean stale;
  /** A namespace section saw this object open ({@link ObjectTable#get}); guarded by this. */
  boolean seenBySection;
  /** The object had no name when opened: its last close must reclaim it if it still has none. */
  final boolean openedOrphan;
  /**
   * The file's retention and legal hold, or null if it never had one: read when the object is
   * opened and replaced by {@link EngineVolume#setRetention} (both under the namespace lock), so
   * the data paths check it without a metadata read.
   */
  volatile @Nullable Retention retention;

  OpenObject(EngineVolume volume, Inode inode, byte @Nullable [] inline, Path path, int threshold)
      throws IOException {
    this.id = inode.id();
    this.volume = volume;
    this.path = path;
    this.threshold = threshold;
    this.atime = inode.atime();
    this.mtime = inode.mtime();
    this.ctime = inode.ctime();
    this.change = inode.change();
    this.openedOrphan = inode.orphan();
    if (inode.inline()) {
      byte[] data = inline == null ? new byte[0] : inline;
      this.inlineData = Arrays.copyOf(data, (int) Math.max(data.length, Math.min(inode.size(), threshold)));
      this.size = inode.size();
      this.storedInlineData = data.length > 0;
      if (inode.size() > threshold) {
        throw new DfsException(ErrorKind.IO_ERROR,
            "inline file " + id + " has size " + inode.size() + " (expected: <= " + threshold + ")");
      }
    } else {
      Files.createDirectories(path.getParent());
      FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      this.channel = ch;
      // The data file's length is the size (writes extend it, truncate sets it), and it is the
      // truth after a crash that lost the last attribute write-back.
      this.size = ch.size();
    }
  }

  /**
   * Returns whether the data is inline.
   *
   * @return true when inline
   */
  public synchronized boolean inline() {
    return channel == null;
  }

  int read(long pos, ByteBuffer dst) throws IOException {
    FileChannel ch = channel;
    if (ch == null) {
      synchronized (this) {
        ch = channel;
        if (ch == null) {
          long sz = size;
          if (pos >= sz) {
            return -1;
          }
          int n = (int) Math.min(dst.remaining(), sz - pos);
          dst.put(inlineData, (int) pos, n);
          return n;
        }
      }
    }
    long sz = size;
    if (pos >= sz) {
      return -1;
    }
    int want = (int) Math.min(dst.remaining(), sz - pos);
    if (dst.hasArray() && !dst.isReadOnly() && want <= Natives.MAX_HEAP_PREAD) {
      return readIntoArray(pos, dst, want);
    }
    int oldLimit = dst.limit();
    dst.limit(dst.position() + want);
    int done = 0;
    try {
      while (dst.hasRemaining()) {
        int r = ch.read(dst, pos + done);
        if (r < 0) {
          // Shorter on disk than the size (a concurrent truncate): the rest reads as zeros.
          while (dst.hasRemaining()) {
            dst.put((byte) 0);
            done++;
          }
          break;
        }
        done += r;
      }
    } finally {
      dst.limit(oldLimit);
    }
    return done;
  }

  int write(long pos, ByteBuffer src, Instant now, long newChange) throws IOException {
    int n = src.remaining();
    long end = pos + n;
    FileChannel ch = channel;
    if (ch == null) {
      synchronized (this) {
        ch = channel;
        if (ch == null) {
          if (end <= threshold) {
            ensureInline((int) end);
            src.get(inlineData, (int) pos, n);
            if (end > size) {
              size = end;
            }
            inlineDirty = true;
            touchData(now, newChange);
            return n;
          }
          ch = migrate();
        }
      }
    }
    beforeDataFileChange();
    long p = pos;
    while (src.hasRemaining()) {
      p += ch.write(src, p);
    }
    dataDirty = true;
    synchronized (this) {
      if (end > size) {
        size = end;
      }
      touchData(now, newChange);
    }
    return n;
  }

  long transferTo(long pos, long count, WritableByteChannel target) throws IOException {
    FileChannel ch = channel;
    if (ch == null) {
      ByteBuffer copy;
      synchronized (this) {
        ch = channel;
        if (ch == null) {
          long sz = size;
          if (pos >= sz) {
            return 0;
          }
          int n = (int) Math.min(count, sz - pos);
          copy = ByteBuffer.wrap(Arrays.copyOfRange(inlineData, (int) pos, (int) pos + n));
        } else {
          copy = null;
        }
      }
      if (copy != null) {
        long sent = 0;
        while (copy.hasRemaining()) {
          int w = target.write(copy);
          if (w <= 0) {
            break;
          }
          sent += w;
        }
        return sent;
      }
    }
    long sz = size;
    if (pos >= sz) {
      return 0;
    }
    long want = Math.min(count, sz - pos);
    long sent = 0;
    while (sent < want) {
      long t = ch.transferTo(pos + sent, want - sent, target);
      if (t <= 0) {
        break;
      }
      sent += t;
    }
    return sent;
  }

  /**
   * Refuses a change to the data or size while the file is under retention or legal hold.
   *
   * @param now the engine clock's time
   * @param action what the caller was doing, for the message
   * @throws DfsException {@link ErrorKind#RETAINED} while the retention is in effect
   */
  void checkMutable(Instant now, String action) {
    Retention r = retention;
    if (r != null && r.inEffect(now)) {
      throw EngineVolume.retained(id, r, now, action);
    }
  }

  /** Accounts data written to the file behind the channel's back (copy_file_range). */
  synchronized void noteWrite(long end, Instant now, long newChange) {
    if (end > size) {
      size = end;
    }
    touchData(now, newChange);
  }

  synchronized void truncate(long newSize, Instant now, long newChange) throws IOException {
    FileChannel ch = channel;
    if (ch == null && newSize > threshold) {
      ch = migrate();
    }
    if (ch == null) {
      if (newSize < size) {
        Arrays.fill(inlineData, (int) newSize, (int) size, (byte) 0);
      } else {
        ensureInline((int) newSize);
      }
      inlineDirty = true;
    } else if (newSize < ch.size()) {
      beforeDataFileChange();
      ch.truncate(newSize);
    } else {
      beforeDataFileChange();
      Natives.ftruncate(fd(), newSize, id);
    }
    size = newSize;
    touchData(now, newChange);
  }

  synchronized void punchHole(long offset, long length, Instant now, long newChange) {
    long end = Math.min(size, offset + length);
    if (offset >= end) {
      return;
    }
    if (channel == null) {
      Arrays.fill(inlineData, (int) offset, (int) end, (byte) 0);
      inlineDirty = true;
    } else {
      beforeDataFileChange();
      Natives.fallocate(fd(), Natives.FALLOC_FL_PUNCH_HOLE | Natives.FALLOC_FL_KEEP_SIZE, offset,
          end - offset, id);
    }
    touchData(now, newChange);
  }

  synchronized void allocate(long offset, long length, boolean keepSize, Instant now, long newChange)
      throws IOException {
    long end = offset + length;
    if (length == 0) {
      return;
    }
    if (channel == null && end > threshold) {
      migrate();
    }
    if (channel == null) {
      if (!keepSize && end > size) {
        ensureInline((int) end);
        size = end;
        inlineDirty = true;
        touchData(now, newChange);
      }
      return;
    }
    beforeDataFileChange();
    Natives.fallocate(fd(), keepSize ? Natives.FALLOC_FL_KEEP_SIZE : 0, offset, length, id);
    if (!keepSize && end > size) {
      size = end;
      touchData(now, newChange);
    }
  }

  synchronized long seek(long offset, SeekKind kind) {
    long sz = size;
    if (offset >= sz) {
      throw new DfsException(ErrorKind.NO_DATA,
          "seek offset: " + offset + " in " + id + " (expected: < size " + sz + ")");
    }
    if (channel == null) {
      return kind == SeekKind.DATA ? offset : sz;
    }
    long found = Natives.lseek(fd(), offset, kind == SeekKind.DATA ? Natives.SEEK_DATA : Natives.SEEK_HOLE, id);
    return Math.min(found, sz);
  }

  /**
   * Reads into a heap buffer with {@code pread(2)} straight into its array: one copy (page cache
   * to the array) where {@code FileChannel.read} makes two (page cache to a temporary direct
   * buffer, then to the array). The dataset service reads every sample and checkpoint chunk into
   * a heap array that goes to gRPC as is. Holds the descriptor's read lock, so {@link
   * #closeFiles} cannot close it (and the number be reused by another file) during the call.
   */
  private int readIntoArray(long pos, ByteBuffer dst, int want) {
    fdLock.readLock().lock();
    try {
      int at = dst.arrayOffset() + dst.position();
      int done = 0;
      while (done < want) {
        int r = Natives.pread(fdForRead(), dst.array(), at + done, want - done, pos + done, id);
        if (r == 0) {
          // Shorter on disk than the size (a concurrent truncate): the rest reads as zeros.
          Arrays.fill(dst.array(), at + done, at + want, (byte) 0);
          done = want;
          break;
        }
        done += r;
      }
      dst.position(dst.position() + done);
      return done;
    } finally {
      fdLock.readLock().unlock();
    }
  }

  /** The descriptor, opened on first use; caller holds {@link #fdLock}'s read lock. */
  private int fdForRead() {
    int f = readFd;
    if (f < 0) {
      f = fd();
      readFd = f;
    }
    return f;
  }

  /**
   * Returns the file descriptor for the FFM calls, opening it on first use.
   *
   * @return the descriptor
   */
  synchronized int fd() {
    if (fd < 0) {
      fd = Natives.open(path, Natives.O_RDWR);
    }
    return fd;
  }

  @Nullable FileChannel channel() {
    return channel;
  }

  synchronized long allocatedBytes() {
    if (channel == null) {
      return size;
    }
    return Natives.allocatedBytes(fd(), id);
  }

  /** A copy of the inline data, or null for a data file. Caller holds the monitor. */
  byte @Nullable [] inlineSnapshot() {
    return inlineData == null ? null : Arrays.copyOf(inlineData, (int) size);
  }

  synchronized void setTimes(@Nullable Instant newAtime, @Nullable Instant newMtime, Instant newCtime,
      long newChange) {
    if (newAtime != null) {
      atime = newAtime;
    }
    if (newMtime != null) {
      mtime = newMtime;
    }
    ctime = newCtime;
    change = Math.max(change, newChange);
    dirty = true;
  }

  synchronized void touchAttributes(Instant now, long newChange) {
    if (now.isAfter(ctime)) {
      ctime = now;
    }
    change = Math.max(change, newChange);
  }

  void force() throws IOException {
    FileChannel ch = channel;
    if (ch != null) {
      ch.force(false);
      volume.dfs.metrics.fsynced(EngineMetrics.Fsync.DATA);
    }
  }

  /** Makes the data file and, when new, its directory entries durable. */
  void syncData() throws IOException {
    if (dataDirty) {
      dataDirty = false;
      force();
    }
    if (newFile) {
      newFile = false;
      syncDirectories(path, newDirectory, volume.dfs.metrics);
      newDirectory = false;
    }
  }

  /** Fsyncs the fan-out directory holding a new data file, and the volume directory if needed. */
  static void syncDirectories(Path file, boolean newDirectory, EngineMetrics metrics) throws IOException {
    fsyncDirectory(file.getParent(), metrics);
    if (newDirectory) {
      fsyncDirectory(file.getParent().getParent(), metrics);
      fsyncDirectory(file.getParent().getParent().getParent(), metrics);
    }
  }

  private static void fsyncDirectory(Path dir, EngineMetrics metrics) throws IOException {
    if (Files.isDirectory(dir)) {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
        metrics.fsynced(EngineMetrics.Fsync.DIRECTORY);
      }
    }
  }

  /** Closes the channel and the descriptor; never called with this object's monitor held. */
  void closeFiles() {
    // The write lock before the monitor: a reader holding the read lock may wait for the monitor
    // (opening the descriptor on first use).
    fdLock.writeLock().lock();
    try {
      synchronized (this) {
        closeFilesLocked();
      }
    } finally {
      fdLock.writeLock().unlock();
    }
  }

  private void closeFilesLocked() {
    FileChannel ch = channel;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // Nothing to do: the data was written through the page cache already.
      }
    }
    if (fd >= 0) {
      Natives.close(fd);
      fd = -1;
      readFd = -1;
    }
  }

  private void touchData(Instant now, long newChange) {
    if (channel != null) {
      dataDirty = true;
    }
    mtime = now;
    if (now.isAfter(atime)) {
      atime = now;
    }
    ctime = now;
    if (newChange > change) {
      change = newChange;
    }
    dirty = true;
  }

  private void ensureInline(int end) {
    if (end > inlineData.length) {
      inlineData = Arrays.copyOf(inlineData, Math.min(threshold, Math.max(end, inlineData.length * 2)));
    }
  }

  /**
   * Puts the object on the start-up work list ({@link PendingObjects#WRITING}) before the first
   * change of its data file in this open: from then until the last write-back the file's length
   * may run ahead of the stored size, and only a start-up that knows it repairs that without
   * scanning every data file. One metadata write per open that writes, not per write.
   */
  void beforeDataFileChange() {
    if (!journaled) {
      volume.dfs.pending.markWriting(id);
      journaled = true;
    }
  }

  /** Moves inline data to a new sparse data file. Caller holds the monitor. */
  private FileChannel migrate() throws IOException {
    beforeDataFileChange();
    if (!Files.isDirectory(path.getParent())) {
      Files.createDirectories(path.getParent());
      newDirectory = true;
    }
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    ByteBuffer data = ByteBuffer.wrap(inlineData, 0, (int) size);
    long p = 0;
    while (data.hasRemaining()) {
      p += ch.write(data, p);
    }
    inlineData = null;
    inlineDirty = false;
    newFile = true;
    dirty = true;
    channel = ch;
    dataDirty = true;
    return ch;
  }
}

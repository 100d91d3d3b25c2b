package dev.estuary.dfs.decorate;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ForwardingDfs;
import dev.estuary.dfs.ForwardingFileHandle;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.LocalData;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.SeekKind;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Set;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The contract's argument and state guards, checked before any backend is called, so that every
 * backend (the engine, a remote one whose requests would otherwise cross the wire first, DAOS)
 * refuses bad input with the same {@link ErrorKind} and message ({@link Limits}): names, volume
 * names, modes, symlink targets, extended attribute names and sizes, page sizes, byte ranges; a
 * handle's access mode ({@link ErrorKind#READ_ONLY} for a write through a read handle, {@link
 * ErrorKind#NOT_PERMITTED} for a read through a write handle); and a closed handle ({@link
 * ErrorKind#CLOSED}, and {@link FileHandle#close} idempotent). A backend still guards what protects
 * its own state (the engine refuses calls on a closed engine or handle itself, since a stale
 * handle could otherwise reach an object that other handles still hold open).
 */
public final class CheckedDfs extends ForwardingDfs {

  /**
   * Decorates a backend.
   *
   * @param delegate the backend
   */
  public CheckedDfs(Dfs delegate) {
    super(delegate);
  }

  @Override
  public VolumeInfo createVolume(String name, int rootMode, Ownership owner) {
    Limits.checkVolumeName(name);
    Limits.checkMode(rootMode);
    return super.createVolume(name, rootMode, owner);
  }

  @Override
  public Volume volume(String name) {
    return new CheckedVolume(super.volume(name));
  }

  private static final class CheckedVolume extends ForwardingVolume {
    CheckedVolume(Volume delegate) {
      super(delegate);
    }

    @Override
    public Attributes lookup(ObjectId parent, String name) {
      Limits.checkName(name);
      return super.lookup(parent, name);
    }

    @Override
    public CaseLookup lookupIgnoreCase(ObjectId parent, String name) {
      Limits.checkName(name);
      return super.lookupIgnoreCase(parent, name);
    }

    @Override
    public DirPositionPage readdirByPosition(
        ObjectId dir, long afterPosition, int maxEntries, boolean withAttributes) {
      Limits.checkReaddirEntries(maxEntries);
      if (afterPosition < 0) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT,
            "afterPosition: " + afterPosition + " (expected: 0 or a position returned before)");
      }
      return super.readdirByPosition(dir, afterPosition, maxEntries, withAttributes);
    }

    @Override
    public Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
      Limits.checkName(name);
      Limits.checkMode(mode);
      return super.create(parent, name, mode, owner, exclusive);
    }

    @Override
    public Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner) {
      Limits.checkName(name);
      Limits.checkMode(mode);
      return super.mkdir(parent, name, mode, owner);
    }

    @Override
    public Attributes symlink(ObjectId parent, String name, String target, Ownership owner) {
      Limits.checkName(name);
      Limits.checkSymlinkTarget(target);
      return super.symlink(parent, name, target, owner);
    }

    @Override
    public ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
      Limits.checkName(name);
      return super.remove(parent, name, kind);
    }

    @Override
    public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName,
        RenameMode mode) {
      Limits.checkName(srcName);
      Limits.checkName(dstName);
      super.rename(srcParent, srcName, dstParent, dstName, mode);
    }

    @Override
    public Attributes createUnlinked(int mode, Ownership owner) {
      Limits.checkMode(mode);
      return super.createUnlinked(mode, owner);
    }

    @Override
    public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
      Limits.checkName(name);
      return super.link(id, parent, name, mode);
    }

    @Override
    public DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes) {
      Limits.checkReaddirEntries(maxEntries);
      return super.readdir(dir, from, maxEntries, withAttributes);
    }

    @Override
    public SmallRead readSmall(ObjectId id, int maxBytes, Set<String> xattrs) {
      Limits.checkSmallRead(maxBytes, xattrs);
      return delegate().readSmall(id, maxBytes, xattrs);
    }

    @Override
    public void setXattr(ObjectId id, String name, byte[] value, XattrMode mode) {
      Limits.checkXattr(name, value.length);
      super.setXattr(id, name, value, mode);
    }

    @Override
    public FileHandle open(ObjectId id, OpenMode mode) {
      return new CheckedHandle(super.open(id, mode));
    }
  }

  private static final class CheckedHandle extends ForwardingFileHandle {
    private final AtomicBoolean closed = new AtomicBoolean();

    CheckedHandle(FileHandle delegate) {
      super(delegate);
    }

    private void check() {
      if (closed.get()) {
        throw new DfsException(ErrorKind.CLOSED, "handle on " + id() + " is closed");
      }
    }

    private void checkWrite() {
      check();
      if (!mode().canWrite()) {
        throw new DfsException(ErrorKind.READ_ONLY,
            "handle on " + id() + " is open " + mode() + " (expected: WRITE or READ_WRITE)");
      }
    }

    private void checkRead() {
      check();
      if (!mode().canRead()) {
        throw new DfsException(ErrorKind.NOT_PERMITTED,
            "handle on " + id() + " is open " + mode() + " (expected: READ or READ_WRITE)");
      }
    }

    /**
     * The delegate's local data, behind this handle's checks: a closed handle, or a write through a
     * handle that may not write, is refused here as {@link #write} refuses it.
     */
    @Override
    public Optional<LocalData> localData() {
      check();
      return delegate().localData().map(l -> new LocalData() {
        @Override
        public Path path() {
          check();
          return l.path();
        }

        @Override
        public void beginWrite(long position, long length) {
          checkWrite();
          Limits.checkRange(position, length);
          l.beginWrite(position, length);
        }

        @Override
        public void endWrite(long position, long length) {
          checkWrite();
          Limits.checkRange(position, length);
          l.endWrite(position, length);
        }
      });
    }

    @Override
    public Attributes attributes() {
      check();
      return super.attributes();
    }

    @Override
    public long size() {
      check();
      return super.size();
    }

    @Override
    public int read(long position, ByteBuffer dst) {
      checkRead();
      Limits.checkRange(position, dst.remaining());
      return super.read(position, dst);
    }

    @Override
    public int write(long position, ByteBuffer src) {
      checkWrite();
      Limits.checkRange(position, src.remaining());
      return super.write(position, src);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      checkRead();
      Limits.checkRange(position, count);
      return super.transferTo(position, count, target);
    }

    @Override
    public void truncate(long size) {
      checkWrite();
      Limits.checkRange(size, 0);
      super.truncate(size);
    }

    @Override
    public void punchHole(long offset, long length) {
      checkWrite();
      Limits.checkRange(offset, length);
      super.punchHole(offset, length);
    }

    @Override
    public void allocate(long offset, long length, boolean keepSize) {
      checkWrite();
      Limits.checkRange(offset, length);
      super.allocate(offset, length, keepSize);
    }

    @Override
    public long seek(long offset, SeekKind kind) {
      check();
      Limits.checkRange(offset, 0);
      return super.seek(offset, kind);
    }

    @Override
    public long copyTo(long offset, FileHandle target, long targetOffset, long length) {
      checkRead();
      Limits.checkRange(offset, length);
      Limits.checkRange(targetOffset, length);
      if (target instanceof CheckedHandle t) {
        t.checkWrite();
      }
      return super.copyTo(offset, target, targetOffset, length);
    }

    @Override
    public void sync() {
      check();
      super.sync();
    }

    @Override
    public void syncData() {
      check();
      super.syncData();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        super.close();
      }
    }
  }
}

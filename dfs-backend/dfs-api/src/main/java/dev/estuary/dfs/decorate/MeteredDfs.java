package dev.estuary.dfs.decorate;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ForwardingDfs;
import dev.estuary.dfs.ForwardingFileHandle;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.LocalData;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.SeekKind;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.XattrMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Counts every call into a backend, whatever the backend: {@code estuary.dfs.ops} (counter, tag
 * {@code op}; Prometheus {@code estuary_dfs_ops_total}) per call made, failed ones included, and
 * {@code estuary.dfs.bytes} (counter, tag {@code direction} = read/written) for the bytes moved
 * through handles. Counters are looked up once, so counting costs one add. Backend internals
 * (fsyncs, caches) are the backend's own meters.
 */
public final class MeteredDfs extends ForwardingDfs {
  /** The operations counted, one per contract method (xattr calls share one). */
  public enum Op {
    /** {@link Dfs#createVolume}. */ CREATE_VOLUME,
    /** {@link Dfs#listVolumes}. */ LIST_VOLUMES,
    /** {@link Dfs#deleteVolume}. */ DELETE_VOLUME,
    /** {@link Volume#lookup} and {@link Volume#lookupIgnoreCase}. */ LOOKUP,
    /** {@link Volume#getAttributes} and {@link FileHandle#attributes}. */ GETATTR,
    /** {@link Volume#setAttributes}. */ SETATTR,
    /** {@link Volume#location}. */ LOCATION,
    /** {@link Volume#create}. */ CREATE,
    /** {@link Volume#createUnlinked}. */ CREATE_UNLINKED,
    /** {@link Volume#mkdir}. */ MKDIR,
    /** {@link Volume#symlink}. */ SYMLINK,
    /** {@link Volume#readlink}. */ READLINK,
    /** {@link Volume#remove}. */ REMOVE,
    /** {@link Volume#rename}. */ RENAME,
    /** {@link Volume#link}. */ LINK,
    /** {@link Volume#readdir} and {@link Volume#readdirByPosition}. */ READDIR,
    /** {@link Volume#open}. */ OPEN,
    /** {@link Volume#readSmall}. */ READ_SMALL,
    /** {@link FileHandle#read}. */ READ,
    /** {@link FileHandle#write}. */ WRITE,
    /** {@link FileHandle#transferTo}. */ TRANSFER,
    /** {@link FileHandle#truncate}. */ TRUNCATE,
    /** {@link FileHandle#punchHole}. */ PUNCH,
    /** {@link FileHandle#allocate}. */ ALLOCATE,
    /** {@link FileHandle#seek}. */ SEEK,
    /** {@link FileHandle#copyTo}. */ COPY,
    /** {@link Dfs#sync}, {@link Volume#sync}, {@link FileHandle#sync}. */ SYNC,
    /** {@link FileHandle#syncData}. */ SYNC_DATA,
    /** {@link Volume#syncNamespace}. */ SYNC_NAMESPACE,
    /** The extended attribute calls of {@link Volume}. */ XATTR,
    /** {@link Volume#statfs}. */ STATFS
  }

  private final EnumMap<Op, Counter> ops = new EnumMap<>(Op.class);
  private final Counter bytesRead;
  private final Counter bytesWritten;

  /**
   * Decorates a backend and registers the meters.
   *
   * @param delegate the backend
   * @param registry where the meters go
   */
  public MeteredDfs(Dfs delegate, MeterRegistry registry) {
    super(delegate);
    for (Op op : Op.values()) {
      ops.put(op, Counter.builder("estuary.dfs.ops").tag("op", op.name().toLowerCase(Locale.ROOT))
          .description("backend calls").register(registry));
    }
    bytesRead = Counter.builder("estuary.dfs.bytes").tag("direction", "read").baseUnit("bytes")
        .description("bytes moved through backend handles").register(registry);
    bytesWritten = Counter.builder("estuary.dfs.bytes").tag("direction", "written").baseUnit("bytes")
        .description("bytes moved through backend handles").register(registry);
  }

  private void count(Op op) {
    ops.get(op).increment();
  }

  @Override
  public VolumeInfo createVolume(String name, int rootMode, Ownership owner) {
    count(Op.CREATE_VOLUME);
    return super.createVolume(name, rootMode, owner);
  }

  @Override
  public List<VolumeInfo> listVolumes() {
    count(Op.LIST_VOLUMES);
    return super.listVolumes();
  }

  @Override
  public Volume volume(String name) {
    return new MeteredVolume(super.volume(name));
  }

  @Override
  public void deleteVolume(String name, boolean recursive) {
    count(Op.DELETE_VOLUME);
    super.deleteVolume(name, recursive);
  }

  @Override
  public void sync() {
    count(Op.SYNC);
    super.sync();
  }

  private final class MeteredVolume extends ForwardingVolume {
    MeteredVolume(Volume delegate) {
      super(delegate);
    }

    @Override
    public Attributes getAttributes(ObjectId id) {
      count(Op.GETATTR);
      return super.getAttributes(id);
    }

    @Override
    public Attributes setAttributes(ObjectId id, SetAttributes changes) {
      count(Op.SETATTR);
      return super.setAttributes(id, changes);
    }

    @Override
    public Optional<Location> location(ObjectId id) {
      count(Op.LOCATION);
      return super.location(id);
    }

    @Override
    public Attributes lookup(ObjectId parent, String name) {
      count(Op.LOOKUP);
      return super.lookup(parent, name);
    }

    @Override
    public CaseLookup lookupIgnoreCase(ObjectId parent, String name) {
      count(Op.LOOKUP);
      return super.lookupIgnoreCase(parent, name);
    }

    @Override
    public DirPositionPage readdirByPosition(
        ObjectId dir, long afterPosition, int maxEntries, boolean withAttributes) {
      count(Op.READDIR);
      return super.readdirByPosition(dir, afterPosition, maxEntries, withAttributes);
    }

    @Override
    public Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
      count(Op.CREATE);
      return super.create(parent, name, mode, owner, exclusive);
    }

    @Override
    public Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner) {
      count(Op.MKDIR);
      return super.mkdir(parent, name, mode, owner);
    }

    @Override
    public Attributes symlink(ObjectId parent, String name, String target, Ownership owner) {
      count(Op.SYMLINK);
      return super.symlink(parent, name, target, owner);
    }

    @Override
    public String readlink(ObjectId id) {
      count(Op.READLINK);
      return super.readlink(id);
    }

    @Override
    public ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
      count(Op.REMOVE);
      return super.remove(parent, name, kind);
    }

    @Override
    public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName,
        RenameMode mode) {
      count(Op.RENAME);
      super.rename(srcParent, srcName, dstParent, dstName, mode);
    }

    @Override
    public Attributes createUnlinked(int mode, Ownership owner) {
      count(Op.CREATE_UNLINKED);
      return super.createUnlinked(mode, owner);
    }

    @Override
    public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
      count(Op.LINK);
      return super.link(id, parent, name, mode);
    }

    @Override
    public DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes) {
      count(Op.READDIR);
      return super.readdir(dir, from, maxEntries, withAttributes);
    }

    @Override
    public FileHandle open(ObjectId id, OpenMode mode) {
      count(Op.OPEN);
      return new MeteredHandle(super.open(id, mode));
    }

    @Override
    public SmallRead readSmall(ObjectId id, int maxBytes, Set<String> xattrs) {
      count(Op.READ_SMALL);
      SmallRead r = delegate().readSmall(id, maxBytes, xattrs);
      if (r.data() != null) {
        bytesRead.increment(r.data().length);
      }
      return r;
    }

    @Override
    public byte[] getXattr(ObjectId id, String name) {
      count(Op.XATTR);
      return super.getXattr(id, name);
    }

    @Override
    public void setXattr(ObjectId id, String name, byte[] value, XattrMode mode) {
      count(Op.XATTR);
      super.setXattr(id, name, value, mode);
    }

    @Override
    public void removeXattr(ObjectId id, String name) {
      count(Op.XATTR);
      super.removeXattr(id, name);
    }

    @Override
    public List<String> listXattrs(ObjectId id) {
      count(Op.XATTR);
      return super.listXattrs(id);
    }

    @Override
    public FsStats statfs() {
      count(Op.STATFS);
      return super.statfs();
    }

    @Override
    public void sync() {
      count(Op.SYNC);
      super.sync();
    }

    @Override
    public void syncNamespace() {
      count(Op.SYNC_NAMESPACE);
      super.syncNamespace();
    }
  }

  private final class MeteredHandle extends ForwardingFileHandle {
    MeteredHandle(FileHandle delegate) {
      super(delegate);
    }

    /**
     * The delegate's local data: a write made through it counts as a write of its length at
     * {@code endWrite}; reads through the local file are not seen (the process that has the file
     * moves those bytes itself).
     */
    @Override
    public Optional<LocalData> localData() {
      return delegate().localData().map(l -> new LocalData() {
        @Override
        public Path path() {
          return l.path();
        }

        @Override
        public void beginWrite(long position, long length) {
          l.beginWrite(position, length);
        }

        @Override
        public void endWrite(long position, long length) {
          count(Op.WRITE);
          l.endWrite(position, length);
          bytesWritten.increment(length);
        }
      });
    }

    @Override
    public Attributes attributes() {
      count(Op.GETATTR);
      return super.attributes();
    }

    @Override
    public int read(long position, ByteBuffer dst) {
      count(Op.READ);
      int n = super.read(position, dst);
      if (n > 0) {
        bytesRead.increment(n);
      }
      return n;
    }

    @Override
    public int write(long position, ByteBuffer src) {
      count(Op.WRITE);
      int n = super.write(position, src);
      bytesWritten.increment(n);
      return n;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      count(Op.TRANSFER);
      long n = super.transferTo(position, count, target);
      bytesRead.increment(n);
      return n;
    }

    @Override
    public void truncate(long size) {
      count(Op.TRUNCATE);
      super.truncate(size);
    }

    @Override
    public void punchHole(long offset, long length) {
      count(Op.PUNCH);
      super.punchHole(offset, length);
    }

    @Override
    public void allocate(long offset, long length, boolean keepSize) {
      count(Op.ALLOCATE);
      super.allocate(offset, length, keepSize);
    }

    @Override
    public long seek(long offset, SeekKind kind) {
      count(Op.SEEK);
      return super.seek(offset, kind);
    }

    @Override
    public long copyTo(long offset, FileHandle target, long targetOffset, long length) {
      count(Op.COPY);
      return super.copyTo(offset, target, targetOffset, length);
    }

    @Override
    public void sync() {
      count(Op.SYNC);
      super.sync();
    }

    @Override
    public void syncData() {
      count(Op.SYNC_DATA);
      super.syncData();
    }
  }
}

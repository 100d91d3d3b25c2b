package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.WireNames;
import org.jspecify.annotations.Nullable;

/**
 * One open ([MS-SMB2] 3.3.1.10 Open): its FileId, the tree it belongs to, the object, where the object
 * is in the share (for rename, delete and name queries), the granted access, the backend file handle
 * (files opened for data) and share reservation, delete-on-close, the byte position of
 * FilePositionInformation and, for directories, the QUERY_DIRECTORY enumeration state. Used by one
 * connection's serial processing only.
 */
public final class Open {
  private final FileId fileId;
  private final int treeId;
  private final TreeFiles files;
  private final ObjectId id;
  private final boolean directory;
  private final int grantedAccess;
  private final int createOptions;
  private final ObjectTable.Entry shared;
  private final @Nullable FileHandle handle;
  private final @Nullable ShareReservation reservation;
  private ObjectId parent;
  private String path;
  private long position;
  private int nextEa;
  private boolean locked;
  private @Nullable ChangeWatch changeWatch;
  private final DirectoryScan scan = new DirectoryScan();
  private final String lockOwner;
  private @Nullable OpenCaching caching;

  /** The QUERY_DIRECTORY state of a directory open ([MS-SMB2] 3.3.1.10 Open.EnumerationLocation). */
  public static final class DirectoryScan {
    private @Nullable String pattern;
    private int stage;
    private long position;
    private boolean returnedAny;

    /** @return the pattern of the enumeration in progress, null before the first QUERY_DIRECTORY */
    public @Nullable String pattern() {
      return pattern;
    }

    /** @return 0: {@code .} is next; 1: {@code ..} is next; 2: directory entries after {@link #position()} */
    public int stage() {
      return stage;
    }

    /** @param s the next stage */
    public void stage(int s) {
      this.stage = s;
    }

    /** @return the backend position of the last entry returned ({@code Long.MAX_VALUE} once exhausted) */
    public long position() {
      return position;
    }

    /** @param p the backend position of the last entry returned */
    public void position(long p) {
      this.position = p;
    }

    /** @return whether an entry was returned since the enumeration started (NO_SUCH_FILE vs NO_MORE_FILES) */
    public boolean returnedAny() {
      return returnedAny;
    }

    /** @param any whether an entry was returned */
    public void returnedAny(boolean any) {
      this.returnedAny = any;
    }

    /**
     * Starts over with a pattern.
     *
     * @param newPattern the pattern
     */
    public void restart(String newPattern) {
      pattern = newPattern;
      stage = 0;
      position = 0;
      returnedAny = false;
    }
  }

  /**
   * An open.
   *
   * @param fileId its FileId
   * @param treeId the tree connect it belongs to
   * @param files the tree's files
   * @param id the object
   * @param directory whether the object is a directory
   * @param grantedAccess the access mask granted
   * @param createOptions the CreateOptions it was opened with
   * @param shared the object's server-wide state
   * @param handle the backend handle for data access, or null (directories, attribute-only opens)
   * @param reservation the share reservation, or null
   * @param parent the directory that holds it (the object itself for the share root)
   * @param path its path from the share root, components in wire form ({@link WireNames#toWire}) separated by
   *     backslashes; empty for the root
   */
  public Open(FileId fileId, int treeId, TreeFiles files, ObjectId id, boolean directory, int grantedAccess,
      int createOptions, ObjectTable.Entry shared, @Nullable FileHandle handle,
      @Nullable ShareReservation reservation, ObjectId parent, String path) {
    this.fileId = requireNonNull(fileId, "fileId");
    this.treeId = treeId;
    this.files = requireNonNull(files, "files");
    this.id = requireNonNull(id, "id");
    this.directory = directory;
    this.grantedAccess = grantedAccess;
    this.createOptions = createOptions;
    this.shared = requireNonNull(shared, "shared");
    this.handle = handle;
    this.reservation = reservation;
    this.parent = requireNonNull(parent, "parent");
    this.path = requireNonNull(path, "path");
    this.lockOwner = "smb-open-" + Long.toHexString(fileId.persistent()) + "-" + Long.toHexString(fileId.volatileId());
  }

  /**
   * The same open on another tree connect: a durable open reconnected ([MS-SMB2] 3.3.5.9.7) keeps its
   * FileId, object, access, backend handle, share reservation, byte-range locks (the lock owner stays)
   * and caching; the new session's tree id names it from now on.
   *
   * @param treeId the new tree connect
   * @return the reattached open (this one must no longer be used)
   */
  public Open reattach(int treeId) {
    Open o = new Open(fileId, treeId, files, id, directory, grantedAccess, createOptions, shared, handle,
        reservation, parent, path, lockOwner);
    o.position = position;
    o.locked = locked;
    o.caching = caching;
    return o;
  }

  private Open(FileId fileId, int treeId, TreeFiles files, ObjectId id, boolean directory, int grantedAccess,
      int createOptions, ObjectTable.Entry shared, @Nullable FileHandle handle,
      @Nullable ShareReservation reservation, ObjectId parent, String path, String lockOwner) {
    this.fileId = fileId;
    this.treeId = treeId;
    this.files = files;
    this.id = id;
    this.directory = directory;
    this.grantedAccess = grantedAccess;
    this.createOptions = createOptions;
    this.shared = shared;
    this.handle = handle;
    this.reservation = reservation;
    this.parent = parent;
    this.path = path;
    this.lockOwner = lockOwner;
  }

  /** @return the open's oplock, lease and durability state, or null (pipes, opens made before any grant) */
  public @Nullable OpenCaching caching() {
    return caching;
  }

  /** @param c the open's oplock, lease and durability state, set once by CREATE */
  public void caching(OpenCaching c) {
    this.caching = requireNonNull(c, "c");
  }

  /** @return the FileId */
  public FileId fileId() {
    return fileId;
  }

  /** @return the TreeId of its tree connect */
  public int treeId() {
    return treeId;
  }

  /** @return the tree's files */
  public TreeFiles files() {
    return files;
  }

  /** @return the object */
  public ObjectId id() {
    return id;
  }

  /** @return whether it is a directory */
  public boolean isDirectory() {
    return directory;
  }

  /** @return Open.GrantedAccess */
  public int grantedAccess() {
    return grantedAccess;
  }

  /**
   * Whether any of the access bits was granted.
   *
   * @param mask access bits
   * @return true if the granted access has one of them
   */
  public boolean granted(int mask) {
    return (grantedAccess & mask) != 0;
  }

  /** @return the CreateOptions of the CREATE */
  public int createOptions() {
    return createOptions;
  }

  /** @return the object's server-wide state */
  public ObjectTable.Entry shared() {
    return shared;
  }

  /** @return the data handle, or null */
  public @Nullable FileHandle handle() {
    return handle;
  }

  /** @return the share reservation, or null */
  public @Nullable ShareReservation reservation() {
    return reservation;
  }

  /** @return the directory holding it */
  public ObjectId parent() {
    return parent;
  }

  /** @return the path from the share root (backslashes), empty for the root */
  public String path() {
    return path;
  }

  /** @return the last path component as the backend names it, empty for the root */
  public String name() {
    return WireNames.fromWire(path.substring(path.lastIndexOf('\\') + 1));
  }

  /**
   * Records a rename.
   *
   * @param newParent the new directory
   * @param newPath the new path
   */
  public void moved(ObjectId newParent, String newPath) {
    this.parent = requireNonNull(newParent, "newParent");
    this.path = requireNonNull(newPath, "newPath");
  }

  /** @return FilePositionInformation.CurrentByteOffset */
  public long position() {
    return position;
  }

  /** @param p the new CurrentByteOffset */
  public void position(long p) {
    this.position = p;
  }

  /** @return the index of the next EA FileFullEaInformation returns ([MS-FSA] Open.NextEaEntry) */
  public int nextEa() {
    return nextEa;
  }

  /** @param i the index of the next EA to return */
  public void nextEa(int i) {
    this.nextEa = i;
  }

  /**
   * The owner key of this open's byte-range locks in the tree's {@link TreeFiles#locks() lock session}:
   * SMB2 locks belong to the open ([MS-SMB2] 3.3.5.14, [MS-FSA] 2.1.5.7 Open), and FileIds are unique
   * within a session's tree.
   *
   * @return the key
   */
  public String lockOwner() {
    return lockOwner;
  }

  /** @return whether this open ever asked for a byte-range lock (CLOSE then releases its locks) */
  public boolean hasLocked() {
    return locked;
  }

  /** Records that this open asked for a byte-range lock. */
  public void markLocked() {
    this.locked = true;
  }

  /** @return the CHANGE_NOTIFY state of a directory open, null before its first CHANGE_NOTIFY */
  public @Nullable ChangeWatch changeWatch() {
    return changeWatch;
  }

  /** @param w the CHANGE_NOTIFY state, set at the first CHANGE_NOTIFY and closed with the open */
  public void changeWatch(ChangeWatch w) {
    this.changeWatch = requireNonNull(w, "w");
  }

  /** @return the directory enumeration state */
  public DirectoryScan scan() {
    return scan;
  }
}

package dev.estuary.dfs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Volume} that forwards every call to another one: the base of volume decorators. Every
 * abstract method of {@link Volume} is forwarded here, one line each, so adding a method to the
 * contract adds one line to this class. The contract's default methods ({@link #resolve}, {@link
 * #mkdirs}) are NOT forwarded: they run here, on top of this decorator's own methods, so a
 * decorator that refuses or counts {@link #lookup} or {@link #mkdir} also sees the steps of a path
 * walk. {@link #open} returns the delegate's handle unchanged; a decorator that decorates handles
 * overrides it (with a {@link ForwardingFileHandle}).
 */
public abstract class ForwardingVolume implements Volume {
  private final Volume delegate;

  /**
   * Creates a decorator of a volume.
   *
   * @param delegate the volume calls go to
   */
  protected ForwardingVolume(Volume delegate) {
    this.delegate = delegate;
  }

  /**
   * Returns the volume calls go to.
   *
   * @return the delegate
   */
  public final Volume delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public ObjectId root() {
    return delegate.root();
  }

  @Override
  public Attributes getAttributes(ObjectId id) {
    return delegate.getAttributes(id);
  }

  @Override
  public Attributes setAttributes(ObjectId id, SetAttributes changes) {
    return delegate.setAttributes(id, changes);
  }

  @Override
  public Optional<Location> location(ObjectId id) {
    return delegate.location(id);
  }

  @Override
  public Attributes lookup(ObjectId parent, String name) {
    return delegate.lookup(parent, name);
  }

  @Override
  public Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
    return delegate.create(parent, name, mode, owner, exclusive);
  }

  @Override
  public Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner) {
    return delegate.mkdir(parent, name, mode, owner);
  }

  @Override
  public Attributes symlink(ObjectId parent, String name, String target, Ownership owner) {
    return delegate.symlink(parent, name, target, owner);
  }

  @Override
  public String readlink(ObjectId id) {
    return delegate.readlink(id);
  }

  @Override
  public ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
    return delegate.remove(parent, name, kind);
  }

  @Override
  public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName, RenameMode mode) {
    delegate.rename(srcParent, srcName, dstParent, dstName, mode);
  }

  @Override
  public Attributes createUnlinked(int mode, Ownership owner) {
    return delegate.createUnlinked(mode, owner);
  }

  @Override
  public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
    return delegate.link(id, parent, name, mode);
  }

  @Override
  public DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes) {
    return delegate.readdir(dir, from, maxEntries, withAttributes);
  }

  @Override
  public DirPositionPage readdirByPosition(
      ObjectId dir, long afterPosition, int maxEntries, boolean withAttributes) {
    return delegate.readdirByPosition(dir, afterPosition, maxEntries, withAttributes);
  }

  @Override
  public CaseLookup lookupIgnoreCase(ObjectId parent, String name) {
    return delegate.lookupIgnoreCase(parent, name);
  }

  @Override
  public WatchSubscription watch(
      ObjectId target, WatchScope scope, int queueCapacity, Executor executor, WatchListener listener) {
    return delegate.watch(target, scope, queueCapacity, executor, listener);
  }

  @Override
  public LockSession openSession(String description) {
    return delegate.openSession(description);
  }

  @Override
  public Retention getRetention(ObjectId id) {
    return delegate.getRetention(id);
  }

  @Override
  public Retention setRetention(ObjectId id, @Nullable RetentionMode mode,
      @Nullable Instant retainUntil, boolean bypassGovernance) {
    return delegate.setRetention(id, mode, retainUntil, bypassGovernance);
  }

  @Override
  public Retention setLegalHold(ObjectId id, boolean on) {
    return delegate.setLegalHold(id, on);
  }

  @Override
  public DirCursor cursorAfter(String name) {
    return delegate.cursorAfter(name);
  }

  @Override
  public FileHandle open(ObjectId id, OpenMode mode) {
    return delegate.open(id, mode);
  }

  @Override
  public byte[] getXattr(ObjectId id, String name) {
    return delegate.getXattr(id, name);
  }

  @Override
  public void setXattr(ObjectId id, String name, byte[] value, XattrMode mode) {
    delegate.setXattr(id, name, value, mode);
  }

  @Override
  public void removeXattr(ObjectId id, String name) {
    delegate.removeXattr(id, name);
  }

  @Override
  public List<String> listXattrs(ObjectId id) {
    return delegate.listXattrs(id);
  }

  @Override
  public FsStats statfs() {
    return delegate.statfs();
  }

  @Override
  public void sync() {
    delegate.sync();
  }

  @Override
  public void syncNamespace() {
    delegate.syncNamespace();
  }

  /** Walks the path with this decorator's {@link #lookup} and {@link #readlink}, never the delegate's. */
  @Override
  public Attributes resolve(String path, boolean followLast) {
    return Volume.super.resolve(path, followLast);
  }

  /** Creates the directories with this decorator's {@link #mkdir} and {@link #lookup}. */
  @Override
  public Attributes mkdirs(String path, int mode, Ownership owner) {
    return Volume.super.mkdirs(path, mode, owner);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}

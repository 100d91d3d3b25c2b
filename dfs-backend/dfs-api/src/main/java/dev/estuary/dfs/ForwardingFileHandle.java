package dev.estuary.dfs;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileHandle} that forwards every call to another one: the base of handle decorators.
 * Every method of {@link FileHandle} is forwarded here, one line each. {@link #copyTo} hands the
 * delegate the innermost handle of a decorated target ({@link #unwrap}), because a backend
 * recognises only its own handles as targets of a copy inside it; a decorator that must check or
 * count the target does so in its own {@code copyTo} before calling this one.
 */
public abstract class ForwardingFileHandle implements FileHandle {
  private final FileHandle delegate;

  /**
   * Creates a decorator of a handle.
   *
   * @param delegate the handle calls go to
   */
  protected ForwardingFileHandle(FileHandle delegate) {
    this.delegate = delegate;
  }

  /**
   * Returns the handle calls go to.
   *
   * @return the delegate
   */
  public final FileHandle delegate() {
    return delegate;
  }

  /**
   * Returns the backend's own handle under any number of forwarding decorators.
   *
   * @param handle a handle, decorated or not
   * @return the innermost handle
   */
  public static FileHandle unwrap(FileHandle handle) {
    FileHandle h = handle;
    while (h instanceof ForwardingFileHandle f) {
      h = f.delegate;
    }
    return h;
  }

  @Override
  public ObjectId id() {
    return delegate.id();
  }

  @Override
  public OpenMode mode() {
    return delegate.mode();
  }

  @Override
  public Attributes attributes() {
    return delegate.attributes();
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public int read(long position, ByteBuffer dst) {
    return delegate.read(position, dst);
  }

  @Override
  public int write(long position, ByteBuffer src) {
    return delegate.write(position, src);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    return delegate.transferTo(position, count, target);
  }

  @Override
  public void truncate(long size) {
    delegate.truncate(size);
  }

  @Override
  public void punchHole(long offset, long length) {
    delegate.punchHole(offset, length);
  }

  @Override
  public void allocate(long offset, long length, boolean keepSize) {
    delegate.allocate(offset, length, keepSize);
  }

  @Override
  public long seek(long offset, SeekKind kind) {
    return delegate.seek(offset, kind);
  }

  @Override
  public long copyTo(long offset, FileHandle target, long targetOffset, long length) {
    return delegate.copyTo(offset, unwrap(target), targetOffset, length);
  }

  @Override
  public void sync() {
    delegate.sync();
  }

  @Override
  public void syncData() {
    delegate.syncData();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}

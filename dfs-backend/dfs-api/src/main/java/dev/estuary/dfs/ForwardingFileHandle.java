package dev.estuary.dfs;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * A {@link FileHandle} that forwards every call to another one: the base of handle decorators.
 * Every method of {@link FileHandle} is forwarded here, one line each. {@link #copyTo} hands the
 * delegate the target as the delegate's layer knows it, because a backend recognises only its own
 * handles as targets of a copy inside it: a target decorated by the same decorator class as this
 * handle loses that one layer (so each layer of a stack sees the target at its own level, and a
 * decorator that checks the target, in its own {@code copyTo} before calling this one, sees its
 * own kind of handle); any other decorated target is handed over as its innermost handle ({@link
 * #unwrap}). The one exception is {@link #localData()}: not forwarded, see there.
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
    FileHandle inner = target.getClass() == getClass()
        ? ((ForwardingFileHandle) target).delegate : unwrap(target);
    return delegate.copyTo(offset, inner, targetOffset, length);
  }

  @Override
  public void sync() {
    delegate.sync();
  }

  @Override
  public void syncData() {
    delegate.syncData();
  }

  /**
   * Returns empty, not the delegate's: bytes moved through the local file bypass this decorator's
   * {@link #read} and {@link #write}, so a decorator offers the facet only by overriding this
   * (wrapping the delegate's {@link LocalData} with its own checks or accounting).
   *
   * @return empty
   */
  @Override
  public Optional<LocalData> localData() {
    return Optional.empty();
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

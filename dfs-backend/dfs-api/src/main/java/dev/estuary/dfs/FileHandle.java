package dev.estuary.dfs;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * An open regular file ({@code dfs_obj_t}). Positional I/O only (no file pointer, no {@code
 * O_APPEND}, as in libdfs). Thread-safe: concurrent positional reads and writes are allowed.
 * Reads of holes return zeros; reads past the end are short. A handle keeps working after its file
 * is removed or replaced, until it is closed.
 */
public interface FileHandle extends AutoCloseable {

  /**
   * Returns the id of the open file.
   *
   * @return the id
   */
  ObjectId id();

  /**
   * Returns the access this handle grants.
   *
   * @return the open mode
   */
  OpenMode mode();

  /**
   * Returns the file's current attributes, including writes through any handle.
   *
   * @return the attributes now
   */
  Attributes attributes();

  /**
   * Returns the file's current size.
   *
   * @return the size in bytes
   */
  long size();

  /**
   * Reads into {@code dst} from {@code position} ({@code dfs_read}); heap and direct buffers both
   * work. Fills the buffer unless the end of the file comes first.
   *
   * @param position the file offset, {@code >= 0}
   * @param dst where to put the bytes; its position advances by the count returned
   * @return the number of bytes read, or -1 if {@code position} is at or past the end
   */
  int read(long position, ByteBuffer dst);

  /**
   * Writes all of {@code src} at {@code position} ({@code dfs_write}), extending the file as
   * needed. Moves the modify time and change counter.
   *
   * @param position the file offset, {@code >= 0}
   * @param src the bytes; its position advances to its limit
   * @return the number of bytes written, always {@code src.remaining()} at the call
   */
  int write(long position, ByteBuffer src);

  /**
   * Sends up to {@code count} bytes from {@code position} to a channel, without copying through
   * the Java heap when {@link Capability#ZERO_COPY} is offered and the target is a socket.
   *
   * @param position the file offset
   * @param count most bytes to send
   * @param target where to send them
   * @return the number of bytes sent; 0 at or past the end
   */
  long transferTo(long position, long count, WritableByteChannel target);

  /**
   * Sets the size, truncating or extending with a hole ({@code dfs_punch} with {@code
   * DFS_MAX_FSIZE}).
   *
   * @param size the new size, {@code >= 0}
   */
  void truncate(long size);

  /**
   * Deallocates a range, which then reads as zeros; the size never changes ({@code dfs_punch},
   * {@code FALLOC_FL_PUNCH_HOLE}). Requires {@link Capability#HOLES}.
   *
   * @param offset the first byte
   * @param length the number of bytes
   */
  void punchHole(long offset, long length);

  /**
   * Reserves storage for a range so later writes there cannot fail for lack of space ({@code
   * fallocate}). Requires {@link Capability#ALLOCATE}.
   *
   * @param offset the first byte
   * @param length the number of bytes
   * @param keepSize when false the size grows to {@code offset + length} if smaller
   */
  void allocate(long offset, long length, boolean keepSize);

  /**
   * Finds the next data or hole at or after {@code offset} ({@code lseek} {@code SEEK_DATA} /
   * {@code SEEK_HOLE}). Without {@link Capability#HOLES} the whole file counts as data.
   *
   * @param offset where to start, {@code >= 0}
   * @param kind data or hole
   * @return the offset found; for {@link SeekKind#HOLE} at most the size
   * @throws DfsException {@link ErrorKind#NO_DATA} if {@code offset} is at or past the end, or no
   *     data follows it
   */
  long seek(long offset, SeekKind kind);

  /**
   * Copies a range to another file, inside the backend when {@link Capability#COPY_RANGE} is
   * offered ({@code copy_file_range}). Holes may stay holes. Overlapping ranges of one file copy
   * as if through an intermediate buffer ({@code memmove}), unlike Linux's {@code
   * copy_file_range}, which refuses them. A target in another volume or backend gives {@link
   * ErrorKind#CROSS_VOLUME}.
   *
   * @param offset the first byte to copy from this file
   * @param target the file to write, open for writing (may be this handle)
   * @param targetOffset where to write in the target
   * @param length the number of bytes to copy; the copy stops early at this file's end
   * @return the number of bytes copied
   */
  long copyTo(long offset, FileHandle target, long targetOffset, long length);

  /**
   * Makes this file's data, attributes and extended attributes durable ({@code fsync}): after it
   * returns, a crash loses no completed write or attribute change to it. (A name it is not yet
   * linked under is published durably by {@link Volume#syncNamespace()} or {@link Volume#sync()}.)
   */
  void sync();

  /**
   * The first half of a durable publish ({@code fdatasync} of the file's own storage, no
   * metadata-log sync): after it returns, every write completed through any handle of this file
   * before the call is either durable already (bytes kept in the file's own storage, such as the
   * engine's data file, are fsynced) or written to the backend's metadata log (bytes and
   * attributes kept with the metadata, such as the engine's inline data, its size and times), so
   * that the next {@link Volume#syncNamespace()} of its volume, or any sync, makes all of it
   * durable. A crash before that namespace sync may lose what went to the log, as it may lose a
   * namespace change not yet synced; so {@code syncData(); link(...); syncNamespace()} publishes a
   * file whose name, data and attributes all survive a crash once {@code syncNamespace} returns,
   * for the price of the data fsync (none for inline data) and one log sync. Unlike {@link
   * #sync()} it never waits for a metadata-log sync itself.
   */
  void syncData();

  /**
   * Returns the local file holding this file's bytes, when the backend keeps them in one file on
   * this host ({@link LocalData}): an optional facet for a server handing the bytes to a client on
   * the same host. Empty when the backend cannot (a remote backend, a decorator that must see every
   * read and write) or not now (the engine's small files live in its metadata store: empty until a
   * write moves them to a data file, after which it is present for the rest of the handle's life).
   * The default is empty.
   *
   * @return the local data, or empty
   */
  default Optional<LocalData> localData() {
    return Optional.empty();
  }

  /** Releases the handle ({@code dfs_release}). Idempotent; does not sync. */
  @Override
  void close();
}

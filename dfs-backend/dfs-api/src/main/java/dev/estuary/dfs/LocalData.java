package dev.estuary.dfs;

import java.nio.file.Path;

/**
 * The bytes of an open regular file kept in one local file, at the same offsets: an optional facet
 * of {@link FileHandle} ({@link FileHandle#localData()}) for a server on the same host that hands
 * the file to a client (by passing an open descriptor) so the client moves the bytes itself
 * instead of copying them through the server.
 *
 * <p>What it promises, while the handle it came from is open:
 *
 * <ul>
 *   <li>{@link #path()} names a file that exists and can be opened; its length is the file's size
 *       (so reads of it are exact, short at the end), and its bytes are the file's bytes. The path
 *       keeps naming the same file while the handle is open, even after the file was removed or
 *       replaced in the namespace (the backend reclaims it only after the last close).
 *   <li>Once a handle returned one, later calls on it return one too: the backend never moves the
 *       bytes back out of the local file while the handle is open.
 *   <li>A write made to the local file by someone else is bracketed by {@link #beginWrite} and
 *       {@link #endWrite}: the backend keeps owning the file's metadata. {@code beginWrite} checks
 *       what {@link FileHandle#write} checks before any byte moves (handle mode, retention, a
 *       closed handle or backend) and makes the change crash-safe in the backend's terms;
 *       {@code endWrite} accounts it as {@link FileHandle#write} would have (size, modify and
 *       change times, change counter, a {@link ChangeKind#MODIFIED} watch event). Bytes written
 *       without {@code beginWrite} are undefined behaviour; a write whose {@code endWrite} never
 *       comes (the writer died) may leave the bytes without the time and event updates, as a
 *       crash during {@link FileHandle#write} may.
 * </ul>
 */
public interface LocalData {

  /**
   * Returns the local file holding the bytes.
   *
   * @return an absolute path, valid while the handle is open
   */
  Path path();

  /**
   * Checks and prepares a write of {@code [position, position + length)} that the caller then
   * makes to {@link #path()} itself.
   *
   * @param position the file offset, {@code >= 0}
   * @param length the number of bytes, {@code >= 0}
   * @throws DfsException as {@link FileHandle#write} would for that write ({@link
   *     ErrorKind#READ_ONLY}, {@link ErrorKind#RETAINED}, {@link ErrorKind#CLOSED}, {@link
   *     ErrorKind#INVALID_ARGUMENT}...)
   */
  void beginWrite(long position, long length);

  /**
   * Accounts a write made after {@link #beginWrite}: grows the size to {@code position + length}
   * if smaller, moves the modify time and change counter, and publishes the change to watchers.
   *
   * @param position the file offset the write started at
   * @param length the number of bytes actually written ({@code 0} moves the times only)
   */
  void endWrite(long position, long length);
}

package dev.estuary.bench.internal;

import java.nio.ByteBuffer;

/**
 * One side of the comparison: the operations every workload performs, each done the way a Java
 * developer would do it on that side. The workloads are written once against this interface so
 * both sides run exactly the same loop, order and data.
 *
 * @param <D> how the side names a directory (an object id for the engine, a path for java.nio)
 */
public interface Side<D> extends AutoCloseable {

  /**
   * Returns the label of this side in the output.
   *
   * @return {@code engine} or {@code nio}
   */
  String label();

  /**
   * Returns the directory all workloads of this side work under.
   *
   * @return the workspace root
   */
  D root();

  /**
   * Returns the local directory holding everything this side stores, for page-cache eviction.
   *
   * @return the directory
   */
  java.nio.file.Path storage();

  /**
   * Creates a directory.
   *
   * @param parent the parent
   * @param name the new name
   * @return the new directory
   */
  D mkdir(D parent, String name);

  /**
   * Creates an empty file, failing if the name exists, and leaves nothing open.
   *
   * @param dir the directory
   * @param name the new name
   */
  void create(D dir, String name);

  /**
   * Reads a file's attributes by name.
   *
   * @param dir the directory
   * @param name the entry name
   * @return the file's size, so the call cannot be elided
   */
  long stat(D dir, String name);

  /**
   * Lists a directory, names only.
   *
   * @param dir the directory
   * @return the number of entries
   */
  long list(D dir);

  /**
   * Removes a file.
   *
   * @param dir the directory
   * @param name the entry name
   */
  void unlink(D dir, String name);

  /**
   * Creates a file, failing if the name exists, writes {@code src} to it and closes it.
   *
   * @param dir the directory
   * @param name the new name
   * @param src the content; consumed
   */
  void writeFile(D dir, String name, ByteBuffer src);

  /**
   * Opens a file by name, reads it whole into {@code dst} and closes it.
   *
   * @param dir the directory
   * @param name the entry name
   * @param dst receives the content; must be larger than the file
   * @return the number of bytes read
   */
  int readFile(D dir, String name, ByteBuffer dst);

  /**
   * Creates a file, failing if the name exists, and opens it for reading and writing.
   *
   * @param dir the directory
   * @param name the new name
   * @return the open file
   */
  BigFile createBig(D dir, String name);

  /**
   * Removes a directory and everything below it. Not timed.
   *
   * @param parent the parent
   * @param name the directory's name
   */
  void deleteTree(D parent, String name);

  /** Releases the side's resources and removes what it created. */
  @Override
  void close();

  /** A large file open for positional reads and writes. */
  interface BigFile extends AutoCloseable {
    /**
     * Writes all of {@code src} at {@code position}.
     *
     * @param position the file offset
     * @param src the bytes; consumed
     */
    void write(long position, ByteBuffer src);

    /**
     * Reads into {@code dst} from {@code position} until it is full or the file ends.
     *
     * @param position the file offset
     * @param dst the buffer
     * @return the number of bytes read
     */
    int read(long position, ByteBuffer dst);

    /** Makes the file's data and attributes durable ({@code fsync}). */
    void sync();

    /** Closes the file. */
    @Override
    void close();
  }
}

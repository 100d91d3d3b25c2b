package dev.estuary.core.internal.server;

import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.identity.SecureFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The layout of a data directory and the lock that makes one process its owner:
 *
 * <pre>
 *   &lt;data&gt;/users.json          user store (0600)
 *   &lt;data&gt;/admin-credentials   generated first admin (0600), written once
 *   &lt;data&gt;/&lt;backend&gt;/         the backend's files (the engine's engine/); the backend is
 *                             given the data directory and keeps to its own sub-directory
 *   &lt;data&gt;/run/lock           held (fcntl lock) by the process that owns the directory
 *   &lt;data&gt;/run/admin.json     admin port and token of a running server (0600)
 * </pre>
 *
 * @param root the data directory
 */
public record DataDirectory(Path root) {

  /**
   * Checks a data directory and creates it (mode 0700) if it does not exist.
   *
   * @param root the directory
   * @return the prepared directory
   * @throws GatewayException naming the directory and what is wrong with it
   */
  public static DataDirectory prepare(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new GatewayException("data directory: " + abs + " is a file (expected: a directory)");
    }
    try {
      SecureFiles.ensurePrivateDirectory(abs);
      SecureFiles.ensurePrivateDirectory(abs.resolve("run"));
    } catch (IOException e) {
      throw new GatewayException(
          "data directory: " + abs + " cannot be created (" + e.getMessage()
              + "; expected: a writable location)", e);
    }
    if (!Files.isWritable(abs) || !Files.isWritable(abs.resolve("run"))) {
      throw new GatewayException("data directory: " + abs + " is not writable (expected: writable by this user)");
    }
    return new DataDirectory(abs);
  }

  /**
   * Returns the directory of run-time files.
   *
   * @return {@code <data>/run}
   */
  public Path run() {
    return root.resolve("run");
  }

  /**
   * Returns the file of the generated first admin's credentials.
   *
   * @return {@code <data>/admin-credentials}
   */
  public Path adminCredentials() {
    return root.resolve("admin-credentials");
  }

  /**
   * Tries to become the owner of the directory.
   *
   * @return the held lock, or empty if another process holds it
   * @throws GatewayException if the lock file cannot be opened
   */
  public Optional<Lock> tryLock() {
    Path file = run().resolve("lock");
    FileChannel ch;
    try {
      ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new GatewayException("data directory: " + file + " cannot be opened (" + e.getMessage() + ")", e);
    }
    try {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(new Lock(ch));
    } catch (OverlappingFileLockException e) {
      // This JVM already owns the directory (e.g. a server and a CLI command in one test process).
      closeQuietly(ch);
      return Optional.empty();
    } catch (IOException e) {
      closeQuietly(ch);
      throw new GatewayException("data directory: " + file + " cannot be locked (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Becomes the owner of the directory or fails.
   *
   * @return the held lock
   * @throws GatewayException if another process owns the directory
   */
  public Lock lock() {
    return tryLock().orElseThrow(() -> new GatewayException(
        "data directory: " + root + " is in use by another estuary process (expected: a stopped"
            + " server, or use the running server's admin API)"));
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing useful to do
    }
  }

  /** Ownership of a data directory; closing releases it. */
  public static final class Lock implements AutoCloseable {
    private final FileChannel channel;

    private Lock(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void close() {
      closeQuietly(channel);
    }
  }
}

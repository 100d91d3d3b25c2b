package dev.estuary.dataset.internal.ops;

import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.PathResolver;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;

/**
 * Path resolution for the dataset service: {@link PathResolver#walk}, the rules of {@link
 * Volume#resolve} ({@code dfs_lookup}, daos.md §2.3: one lookup per component, symlinks followed
 * at most {@link Limits#MAX_SYMLINK_FOLLOWS} times, {@code ..} never above the root), with a step
 * that adds two things.
 *
 * <ul>
 *   <li>Every lookup in the root directory refuses a reserved name ({@link ReservedNames}) before
 *       the backend is asked, also when a symlink leads there: no read reaches the S3 multipart
 *       area (issue 8 item 6). Refused with PERMISSION_DENIED, whether the entry exists or not
 *       (the volume's reserved-names decorator alone would answer NOT_FOUND).
 *   <li>A failure names the path and the component at fault, never the backend's message (which
 *       names internal object ids).
 * </ul>
 */
final class Resolver {
  private Resolver() {}

  /**
   * Resolves a path from the volume root.
   *
   * @param v the volume
   * @param what the request field, for messages
   * @param path the root-relative path
   * @param followLast whether a symlink in the last component is followed
   * @return the object the path names
   * @throws BackendError naming the path and component
   */
  static Attributes resolve(Volume v, String what, String path, boolean followLast) {
    try {
      return PathResolver.walk(v, path, followLast, (dir, part) -> {
        if (!dir.isDirectory()) {
          throw new BackendError(ErrorKind.NOT_DIRECTORY, BackendError.where(v, what, path)
              + ": the component before " + Echo.quote(part) + " is a " + dir.type()
              + " (expected: a directory)", null);
        }
        return lookup(v, dir, part, what, path);
      });
    } catch (DfsException e) {
      // The walk's own failures (the root's attributes, a symlink's target, too many symlinks);
      // a step's failures are already BackendErrors.
      throw BackendError.at(e, v, what, path);
    }
  }

  /**
   * Looks one name up in a directory, refusing a reserved name at the root.
   *
   * @param v the volume
   * @param dir the directory
   * @param name the entry name
   * @param what the request field, for messages
   * @param path the whole path, for messages
   * @return the entry's object (a symlink is not followed)
   */
  static Attributes lookup(Volume v, Attributes dir, String name, String what, String path) {
    refuseReserved(v, dir, name, what, path);
    try {
      return v.lookup(dir.id(), name);
    } catch (DfsException e) {
      throw new BackendError(
          e.kind(), BackendError.where(v, what, path) + ": " + Echo.quote(name) + " " + BackendError.reason(e), e);
    }
  }

  /**
   * Refuses a reserved root entry, without asking the backend.
   *
   * @param v the volume
   * @param dir the directory the name is in
   * @param name the entry name
   * @param what the request field, for messages
   * @param path the whole path, for messages
   * @throws BackendError {@link ErrorKind#ACCESS_DENIED} for a reserved name at the root
   */
  static void refuseReserved(Volume v, Attributes dir, String name, String what, String path) {
    if (ReservedNames.isReserved(v, dir.id(), name)) {
      throw reserved(v, what, path);
    }
  }

  /**
   * Refuses a path whose first real component is reserved, without asking the backend.
   *
   * @param v the volume
   * @param what the request field, for messages
   * @param path the root-relative path
   * @throws BackendError {@link ErrorKind#ACCESS_DENIED} when {@link ReservedNames#isReservedPath}
   */
  static void refuseReservedPath(Volume v, String what, String path) {
    if (ReservedNames.isReservedPath(path)) {
      throw reserved(v, what, path);
    }
  }

  static BackendError reserved(Volume v, String what, String path) {
    return new BackendError(ErrorKind.ACCESS_DENIED, BackendError.where(v, what, path)
        + ": passes through a root entry starting with '" + ReservedNames.PREFIX
        + "', which the gateway reserves (expected: a path outside those entries)", null);
  }
}

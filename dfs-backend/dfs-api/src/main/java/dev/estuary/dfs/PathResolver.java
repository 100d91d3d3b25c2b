package dev.estuary.dfs;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Path resolution over {@link Volume#lookup}, with the rules of libdfs's {@code dfs_lookup}
 * (daos.md §2.3): one lookup per component, symlinks followed, at most {@link
 * Limits#MAX_SYMLINK_FOLLOWS} of them, and {@code ..} never leaves the volume.
 *
 * <p>{@link Volume#resolve} is {@link #resolve}. A frontend that must refuse some names before
 * the backend sees them, also when a symlink leads there, or must word failures for its clients,
 * passes its own {@link Step} to {@link #walk}, so that the walking rules stay in one place.
 */
public final class PathResolver {
  private PathResolver() {}

  /**
   * One component of a walk: the object {@code name} names in {@code dir}, a symlink not followed.
   * The step is also where {@code dir} not being a directory is refused: it may be any object the
   * walk reached (the component before {@code name}).
   */
  @FunctionalInterface
  public interface Step {
    /**
     * Looks one component up.
     *
     * @param dir the object reached so far (not necessarily a directory)
     * @param name the component, never empty, {@code .} or {@code ..}
     * @return the entry's object; a symlink is returned as such
     */
    Attributes lookup(Attributes dir, String name);
  }

  /**
   * Resolves a path with {@link Volume#lookup} for each component; what {@link Volume#resolve}
   * does.
   *
   * @param volume the volume
   * @param path an absolute or root-relative path
   * @param followLast whether a symlink in the last component is followed
   * @return the attributes of the object the path names
   * @throws DfsException as {@link Volume#resolve}
   */
  public static Attributes resolve(Volume volume, String path, boolean followLast) {
    return walk(volume, path, followLast, (dir, part) -> {
      if (!dir.isDirectory()) {
        throw new DfsException(
            ErrorKind.NOT_DIRECTORY, "path: '" + path + "' has a non-directory before '" + part + "'");
      }
      return volume.lookup(dir.id(), part);
    });
  }

  /**
   * Resolves a path with the given step for each component. Besides what the step throws, the
   * walk itself fails with {@link DfsException}: {@link ErrorKind#NAME_TOO_LONG} for a path over
   * {@link Limits#MAX_PATH_BYTES}, {@link ErrorKind#TOO_MANY_LINKS} after {@link
   * Limits#MAX_SYMLINK_FOLLOWS} symlinks, and whatever {@link Volume#getAttributes} of the root
   * or {@link Volume#readlink} of a symlink throws.
   *
   * @param volume the volume (its root and its symlinks' targets are read from it)
   * @param path an absolute or root-relative path
   * @param followLast whether a symlink in the last component is followed
   * @param step looks each component up
   * @return the attributes of the object the path names
   */
  public static Attributes walk(Volume volume, String path, boolean followLast, Step step) {
    if (Limits.utf8Length(path) > Limits.MAX_PATH_BYTES) {
      throw new DfsException(
          ErrorKind.NAME_TOO_LONG,
          "path length: " + Limits.utf8Length(path) + " bytes (expected: <= "
              + Limits.MAX_PATH_BYTES + ")");
    }
    // The directories walked so far, so that '..' can step back without a parent pointer.
    Deque<Attributes> stack = new ArrayDeque<>();
    stack.push(volume.getAttributes(volume.root()));
    Deque<String> pending = new ArrayDeque<>();
    pushComponents(pending, path);
    int follows = 0;
    while (!pending.isEmpty()) {
      String part = pending.pop();
      if (part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (stack.size() > 1) {
          stack.pop();
        }
        continue;
      }
      Attributes next = step.lookup(stack.peek(), part);
      boolean last = pending.isEmpty();
      if (next.isSymlink() && (!last || followLast)) {
        if (++follows > Limits.MAX_SYMLINK_FOLLOWS) {
          throw new DfsException(
              ErrorKind.TOO_MANY_LINKS,
              "path: '" + path + "' follows more than " + Limits.MAX_SYMLINK_FOLLOWS + " symlinks");
        }
        String target = volume.readlink(next.id());
        if (target.startsWith("/")) {
          while (stack.size() > 1) {
            stack.pop();
          }
        }
        pushComponents(pending, target);
        continue;
      }
      stack.push(next);
    }
    return stack.peek();
  }

  /** Pushes the non-empty components of {@code path} so that the first is popped first. */
  private static void pushComponents(Deque<String> pending, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty()) {
        pending.push(parts[i]);
      }
    }
  }
}

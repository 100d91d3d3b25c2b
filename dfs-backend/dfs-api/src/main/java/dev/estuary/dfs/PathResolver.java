package dev.estuary.dfs;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Path resolution over {@link Volume#lookup}, with the rules of libdfs's {@code dfs_lookup}
 * (daos.md §2.3): one lookup per component, symlinks followed, at most {@link
 * Limits#MAX_SYMLINK_FOLLOWS} of them, and {@code ..} never leaves the volume.
 */
final class PathResolver {
  private PathResolver() {}

  static Attributes resolve(Volume volume, String path, boolean followLast) {
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
      Attributes dir = stack.peek();
      if (!dir.isDirectory()) {
        throw new DfsException(
            ErrorKind.NOT_DIRECTORY, "path: '" + path + "' has a non-directory before '" + part + "'");
      }
      Attributes next = volume.lookup(dir.id(), part);
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

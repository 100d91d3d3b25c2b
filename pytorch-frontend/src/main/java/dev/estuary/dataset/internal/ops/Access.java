package dev.estuary.dataset.internal.ops;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;

/**
 * Volume access and path resolution shared by the handlers. Every handler works on the caller's
 * {@link CheckedVolume}: each backend call is checked against the grant, mode bits and ownership
 * ({@link AccessChecker}), so walking a path needs search permission on every directory of it, and
 * reading a sample (Get, GetBatch, ReadRange, ReadCheckpoint, Stat) read permission on it.
 */
final class Access {
  private Access() {}

  /**
   * Checks the principal's grant on a volume, then opens it as the principal may use it. The grant
   * is checked first so that a caller without one cannot learn which volumes exist.
   */
  static CheckedVolume volume(OpContext ctx, Principal principal, String volume, Permission wanted) {
    if (volume.isEmpty()) {
      throw RequestException.invalid("volume: '' (expected: a volume name)");
    }
    ctx.authorizer().check(principal, volume, wanted);
    return new AccessChecker(ctx.authorizer()).open(ctx.dfs().volume(volume), principal);
  }

  /**
   * Resolves a path (following symlinks) to a regular file; a missing component is reported with
   * the whole path (see {@link #withPath}).
   */
  static Attributes file(CheckedVolume v, RelPath path, String what) {
    if (path.isRoot()) {
      throw RequestException.invalid(what + ": '' (expected: a file path)");
    }
    Attributes a;
    try {
      a = v.resolve(path.text(), true);
    } catch (DfsException e) {
      throw withPath(e, v, path.text());
    }
    return requireFile(a, v, path.text());
  }

  /** Requires a regular file the caller may read. */
  static Attributes requireFile(Attributes a, CheckedVolume v, String path) {
    if (a.isDirectory()) {
      throw new DfsException(
          ErrorKind.IS_DIRECTORY, "path: '" + path + "' in volume '" + v.name() + "' is a directory (expected: a file)");
    }
    if (!a.isFile()) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "path: '" + path + "' in volume '" + v.name() + "' is a " + a.type()
              + " (expected: a file)");
    }
    requireReadable(a, v, path);
    return a;
  }

  /**
   * Requires read permission on an object (ACCESS_DENIED naming the path otherwise). Stat asks it
   * too, although POSIX stat needs only search permission on the path: the dataset service gives
   * sizes, times and object ids only of samples the caller may use.
   */
  static void requireReadable(Attributes a, CheckedVolume v, String path) {
    if (!v.mayRead(a)) {
      throw new DfsException(ErrorKind.ACCESS_DENIED, "path: '" + path + "' in volume '" + v.name()
          + "': user '" + v.caller().name() + "' (uid " + Integer.toUnsignedString(v.caller().uid())
          + ") may not read it (mode 0" + Integer.toOctalString(a.mode()) + ", owner "
          + Integer.toUnsignedString(a.uid()) + ":" + Integer.toUnsignedString(a.gid())
          + "; expected: read permission)");
    }
  }

  /** Names the path in a NOT_FOUND message, which the backend words per component. */
  static DfsException withPath(DfsException e, Volume v, String path) {
    if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.NOT_DIRECTORY) {
      return new DfsException(
          e.kind(), "path: '" + path + "' in volume '" + v.name() + "': " + e.getMessage(), e);
    }
    return e;
  }
}

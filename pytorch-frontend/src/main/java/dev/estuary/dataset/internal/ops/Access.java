package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;

/** Volume access and path resolution shared by the handlers. */
final class Access {
  private Access() {}

  /**
   * Checks the principal's grant on a volume, then opens it. The grant is checked first so that a
   * caller without one cannot learn which volumes exist.
   */
  static Volume volume(OpContext ctx, Principal principal, String volume, Permission wanted) {
    if (volume.isEmpty()) {
      throw RequestException.invalid("volume: '' (expected: a volume name)");
    }
    ctx.authorizer().check(principal, volume, wanted);
    return ctx.dfs().volume(volume);
  }

  /**
   * Resolves a path (following symlinks) to a regular file; a missing component is reported with
   * the whole path (see {@link #withPath}).
   */
  static Attributes file(Volume v, RelPath path, String what) {
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

  static Attributes requireFile(Attributes a, Volume v, String path) {
    if (a.isDirectory()) {
      throw new DfsException(
          ErrorKind.IS_DIRECTORY, "path: '" + path + "' in volume '" + v.name() + "' is a directory (expected: a file)");
    }
    if (!a.isFile()) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "path: '" + path + "' in volume '" + v.name() + "' is a " + a.type()
              + " (expected: a file)");
    }
    return a;
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

package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;
import java.util.Locale;

/** Volume access and path resolution shared by the handlers. */
final class Access {
  private Access() {}

  /**
   * Checks the principal's grant on a volume, then opens it. The grant is checked first so that a
   * caller without one cannot learn which volumes exist. Failures name the volume cut to a bounded
   * length (a client's 10,000-character name must not fill the status trailer).
   */
  static Volume volume(OpContext ctx, Principal principal, String volume, Permission wanted) {
    if (volume.isEmpty()) {
      throw RequestException.invalid("volume: '' (expected: a volume name)");
    }
    try {
      ctx.authorizer().check(principal, volume, wanted);
    } catch (DfsException e) {
      String p = wanted.name().toLowerCase(Locale.ROOT);
      throw new BackendError(e.kind(), "user " + Echo.quote(principal.name()) + " on volume " + Echo.quote(volume)
          + ": no " + p + " permission (expected: a grant of " + p + " or higher)", e);
    }
    try {
      return ctx.dfs().volume(volume);
    } catch (DfsException e) {
      throw new BackendError(e.kind(), "volume: " + Echo.quote(volume) + " " + BackendError.describe(e.kind()), e);
    }
  }

  /**
   * Resolves a path (following symlinks, refusing the reserved root entries) to a regular file.
   */
  static Attributes file(Volume v, RelPath path, String what) {
    if (path.isRoot()) {
      throw RequestException.invalid(what + ": '' (expected: a file path)");
    }
    return requireFile(Resolver.resolve(v, what, path.text(), true), v, what, path.text());
  }

  static Attributes requireFile(Attributes a, Volume v, String what, String path) {
    if (a.isDirectory()) {
      throw new BackendError(
          ErrorKind.IS_DIRECTORY, BackendError.where(v, what, path) + " is a directory (expected: a file)", null);
    }
    if (!a.isFile()) {
      throw new BackendError(ErrorKind.INVALID_ARGUMENT,
          BackendError.where(v, what, path) + " is a " + a.type() + " (expected: a file)", null);
    }
    return a;
  }
}

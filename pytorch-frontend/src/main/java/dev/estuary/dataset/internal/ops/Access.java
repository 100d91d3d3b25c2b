package dev.estuary.dataset.internal.ops;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.CheckedVolume;
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
   * is checked first so that a caller without one cannot learn which volumes exist. Failures name
   * the volume cut to a bounded length (a client's 10,000-character name must not fill the status
   * trailer).
   */
  static CheckedVolume volume(OpContext ctx, Principal principal, String volume, Permission wanted) {
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
    Volume opened;
    try {
      opened = ctx.dfs().volume(volume);
    } catch (DfsException e) {
      throw new BackendError(e.kind(), "volume: " + Echo.quote(volume) + " " + BackendError.describe(e.kind()), e);
    }
    return new AccessChecker(ctx.authorizer()).open(opened, principal);
  }

  /**
   * Resolves a path (following symlinks, refusing the reserved root entries) to a regular file.
   */
  static Attributes file(CheckedVolume v, RelPath path, String what) {
    if (path.isRoot()) {
      throw RequestException.invalid(what + ": '' (expected: a file path)");
    }
    return requireFile(Resolver.resolve(v, what, path.text(), true), v, what, path.text());
  }

  /** Requires a regular file the caller may read. */
  static Attributes requireFile(Attributes a, CheckedVolume v, String what, String path) {
    if (a.isDirectory()) {
      throw new BackendError(
          ErrorKind.IS_DIRECTORY, BackendError.where(v, what, path) + " is a directory (expected: a file)", null);
    }
    if (!a.isFile()) {
      throw new BackendError(ErrorKind.INVALID_ARGUMENT,
          BackendError.where(v, what, path) + " is a " + a.type() + " (expected: a file)", null);
    }
    requireReadable(a, v, what, path);
    return a;
  }

  /**
   * Requires read permission on an object (ACCESS_DENIED naming the path otherwise). Stat asks it
   * too, although POSIX stat needs only search permission on the path: the dataset service gives
   * sizes, times and object ids only of samples the caller may use.
   */
  static void requireReadable(Attributes a, CheckedVolume v, String what, String path) {
    if (!v.mayRead(a)) {
      throw new BackendError(ErrorKind.ACCESS_DENIED, BackendError.where(v, what, path) + ": user "
          + Echo.quote(v.caller().name()) + " may not read it (mode 0" + Integer.toOctalString(a.mode())
          + ", owner " + Integer.toUnsignedString(a.uid()) + ":" + Integer.toUnsignedString(a.gid())
          + "; expected: read permission)", null);
    }
  }
}

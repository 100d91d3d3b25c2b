package dev.estuary.dataset.internal.ops;

import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Volume;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A backend failure reworded for the client: its {@link ErrorKind} (mapped by {@link StatusMap})
 * and a message naming the volume and path the client sent. The backend's own message never
 * reaches the client: it names internal object ids and data-directory paths (issue 8), so it is
 * kept only as the cause, for the server's log.
 */
public final class BackendError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private static final Map<ErrorKind, String> WORDS = words();

  /** The kind, for the status code and the {@code estuary-error-kind} trailer. */
  private final ErrorKind kind;

  /**
   * Creates the error.
   *
   * @param kind the backend error kind
   * @param message names the client's value and what was expected; values quoted with {@link
   *     Echo#quote}
   * @param cause the backend's exception, or null
   */
  public BackendError(ErrorKind kind, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * Returns the kind.
   *
   * @return the backend error kind
   */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * Rewords a backend failure about a path.
   *
   * @param e the backend's exception
   * @param v the volume
   * @param what the request field ({@code path}, {@code root}, ...)
   * @param path the path as resolved
   * @return the error naming the path
   */
  static BackendError at(DfsException e, Volume v, String what, String path) {
    return new BackendError(e.kind(), where(v, what, path) + ": " + reason(e), e);
  }

  /**
   * Returns what a client is told of a backend error: the short wording of its kind, except for a
   * refusal, which says why (the permission checker's reason: the user, the mode and owner of the
   * object, what was expected; those messages name no object id and no server path).
   *
   * @param e the backend error
   * @return a bounded phrase
   */
  static String reason(DfsException e) {
    if (e.kind() == ErrorKind.ACCESS_DENIED || e.kind() == ErrorKind.NOT_PERMITTED) {
      return Echo.bound(e.getMessage());
    }
    return describe(e.kind());
  }

  /** {@code what: 'path' in volume 'v'}. */
  static String where(Volume v, String what, String path) {
    return what + ": " + Echo.quote(path) + " in volume " + Echo.quote(v.name());
  }

  /**
   * Returns the client-facing wording of a kind.
   *
   * @param kind the kind
   * @return a short phrase, such as {@code does not exist}
   */
  static String describe(ErrorKind kind) {
    String w = WORDS.get(kind);
    return w != null ? w : kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static Map<ErrorKind, String> words() {
    Map<ErrorKind, String> m = new EnumMap<>(ErrorKind.class);
    m.put(ErrorKind.NOT_FOUND, "does not exist");
    m.put(ErrorKind.STALE, "was removed or replaced while in use");
    m.put(ErrorKind.EXISTS, "exists");
    m.put(ErrorKind.NOT_EMPTY, "is a directory that is not empty");
    m.put(ErrorKind.NOT_DIRECTORY, "has a component that is not a directory");
    m.put(ErrorKind.IS_DIRECTORY, "is a directory");
    m.put(ErrorKind.ACCESS_DENIED, "access denied");
    m.put(ErrorKind.NOT_PERMITTED, "operation not permitted");
    m.put(ErrorKind.NO_SPACE, "no space left in the backend");
    m.put(ErrorKind.QUOTA_EXCEEDED, "quota exceeded");
    m.put(ErrorKind.BUSY, "backend busy (retry with backoff)");
    m.put(ErrorKind.NAME_TOO_LONG, "a name or the path is too long (expected: names <= 255 and paths <= 4096 UTF-8 bytes)");
    // Only path resolution raises it (ELOOP), at this limit.
    m.put(ErrorKind.TOO_MANY_LINKS, "follows more than " + Limits.MAX_SYMLINK_FOLLOWS + " symlinks");
    m.put(ErrorKind.FILE_TOO_LARGE, "file too large");
    m.put(ErrorKind.READ_ONLY, "read-only");
    m.put(ErrorKind.RETAINED, "is under retention or legal hold (it cannot be changed or removed)");
    m.put(ErrorKind.CLOSED, "the backend is closed (server shutting down)");
    m.put(ErrorKind.UNAVAILABLE, "the storage engine cannot be reached now (retry with backoff)");
    m.put(ErrorKind.IO_ERROR, "backend I/O error (details in the server log)");
    return m;
  }
}

package dev.estuary.dfs;

import java.util.ArrayDeque;

/**
 * The names the project keeps for itself inside a volume: every entry of a volume's root
 * directory whose name, case-folded ({@link CaseFolding}), starts with {@value #PREFIX}. The S3
 * multipart area ({@link #S3_UPLOADS}) lives there today; future areas (object versions, ...) go
 * under the same prefix.
 *
 * <p>No protocol lists, creates, opens, replaces, renames or removes a reserved entry on a user's
 * behalf: frontends see volumes through a decorator that hides and refuses reserved entries, and
 * only the frontend code that owns an area (S3 multipart) reaches it through the undecorated
 * volume. The comparison is
 * case-insensitive because SMB and macOS clients look names up ignoring case: {@code
 * .ESTUARY-S3-UPLOADS} must name the area as surely as its exact spelling does.
 */
public final class ReservedNames {
  /** The reserved prefix, in folded form. */
  public static final String PREFIX = ".estuary-";
  /** The S3 multipart upload area at the root of every volume that has uploads in progress. */
  public static final String S3_UPLOADS = ".estuary-s3-uploads";
  /**
   * The S3 version area at the root of a volume whose bucket had versioning enabled: noncurrent
   * object versions and delete markers (the current version stays the file at the key's path).
   */
  public static final String S3_VERSIONS = ".estuary-s3-versions";

  private ReservedNames() {}

  /**
   * Returns whether a name in a given directory is reserved.
   *
   * @param volume the volume
   * @param parent the directory the name is in
   * @param name the entry name
   * @return true for a root entry whose folded name starts with {@link #PREFIX}
   */
  public static boolean isReserved(Volume volume, ObjectId parent, String name) {
    return parent.equals(volume.root()) && isReservedAtRoot(name);
  }

  /**
   * Returns whether a name would be reserved at a volume's root.
   *
   * @param name a root entry name
   * @return whether its folded form starts with {@link #PREFIX}
   */
  public static boolean isReservedAtRoot(String name) {
    return CaseFolding.fold(name).startsWith(PREFIX);
  }

  /**
   * Returns whether a root-relative path (S3 key, dataset path, {@code /}-separated) passes
   * through a reserved root entry, with empty, {@code .} and {@code ..} components taken as {@link
   * Volume#resolve} takes them ({@code a/../.estuary-x} is reserved). Symlinks are not seen here:
   * the decorator that refuses reserved names on lookup catches a path that reaches the area
   * through one.
   *
   * @param path a path
   * @return whether its first real component is reserved
   */
  public static boolean isReservedPath(String path) {
    ArrayDeque<String> stack = new ArrayDeque<>();
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        stack.pollLast();
        continue;
      }
      // Only the first component matters, but ".." may pop back to the root later on.
      stack.addLast(part);
      if (stack.size() == 1 && isReservedAtRoot(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses a reserved name with {@link ErrorKind#ACCESS_DENIED}.
   *
   * @param volume the volume
   * @param parent the directory
   * @param name the entry name
   * @throws DfsException if the name is reserved
   */
  public static void refuse(Volume volume, ObjectId parent, String name) {
    if (isReserved(volume, parent, name)) {
      throw new DfsException(
          ErrorKind.ACCESS_DENIED,
          "name: '" + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "' (expected: a name not starting with '"
              + PREFIX + "' at the volume root, which the gateway reserves)");
    }
  }
}

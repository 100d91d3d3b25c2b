package dev.estuary.dfs;

import java.nio.charset.StandardCharsets;

/**
 * The limits every implementation enforces, taken from libdfs ({@code daos_fs.h}: {@code
 * DFS_MAX_NAME}, {@code DFS_MAX_PATH}, {@code DFS_MAX_XATTR_NAME}, {@code DFS_MAX_XATTR_LEN}), and
 * the validation of names against them. Limits are checked before anything is allocated.
 */
public final class Limits {
  /** Longest entry name in UTF-8 bytes ({@code NAME_MAX}). */
  public static final int MAX_NAME_BYTES = 255;
  /** Longest path, and longest symlink target, in UTF-8 bytes ({@code PATH_MAX}). */
  public static final int MAX_PATH_BYTES = 4096;
  /** Longest extended attribute name in UTF-8 bytes. */
  public static final int MAX_XATTR_NAME_BYTES = 255;
  /** Largest extended attribute value in bytes. */
  public static final int MAX_XATTR_VALUE_BYTES = 65536;
  /** Symlinks followed while resolving one path before {@link ErrorKind#TOO_MANY_LINKS} (as libdfs). */
  public static final int MAX_SYMLINK_FOLLOWS = 40;
  /** Largest readdir page a caller may ask for in one call. */
  public static final int MAX_READDIR_ENTRIES = 65536;
  /**
   * Largest file {@link Volume#readSmall} returns the content of: one reply of a remote backend
   * holds it, with the extended attributes asked for, well inside gRPC's 4 MiB message limit.
   */
  public static final int MAX_SMALL_READ_BYTES = 1 << 20;
  /** Most extended attribute values one {@link Volume#readSmall} may ask for. */
  public static final int MAX_SMALL_READ_XATTRS = 16;
  /** Largest file offset plus one ({@code Long.MAX_VALUE}, as Java channels allow). */
  public static final long MAX_FILE_SIZE = Long.MAX_VALUE;

  /** Shortest volume name (a volume is also an S3 bucket). */
  public static final int MIN_VOLUME_NAME = 3;
  /** Longest volume name (a volume is also an S3 bucket). */
  public static final int MAX_VOLUME_NAME = 63;

  private Limits() {}

  /**
   * Whether a name has the form of an IPv4 address (the regex {@code \d{1,3}(\.\d{1,3}){3}}),
   * checked by hand: S3 checks a bucket name on every request.
   */
  private static boolean isDottedQuad(String name) {
    int groups = 0;
    int digits = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return false;
        }
      } else if (c == '.' && digits > 0 && groups < 3) {
        groups++;
        digits = 0;
      } else {
        return false;
      }
    }
    return groups == 3 && digits > 0;
  }

  /**
   * Checks a volume name. A volume is at once an S3 bucket, an SMB share and an NFS export, so its
   * name follows the S3 bucket naming rules: 3 to 63 characters of lower-case letters, digits,
   * {@code .} and {@code -}, beginning and ending with a letter or digit, no {@code ..}, and not an
   * IPv4 address.
   *
   * @param name the candidate volume name
   * @return {@code name}
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} naming the rule broken
   */
  public static String checkVolumeName(String name) {
    String expected =
        " (expected: 3-63 of a-z 0-9 . -, starting and ending with a letter or digit)";
    if (name.length() < MIN_VOLUME_NAME || name.length() > MAX_VOLUME_NAME) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "volume name: '" + name + "'" + expected);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      boolean edge = i == 0 || i == name.length() - 1;
      if (!alnum && (edge || (c != '.' && c != '-'))) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "volume name: '" + name + "'" + expected);
      }
    }
    if (name.contains("..")) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "volume name: '" + name + "' (expected: no '..')");
    }
    if (isDottedQuad(name)) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "volume name: '" + name + "' (expected: not an IP address)");
    }
    return name;
  }

  /**
   * Checks that {@code name} can be a directory entry: not empty, not {@code .} or {@code ..}, no
   * {@code /} or NUL, valid UTF-16 (no lone surrogates) and at most {@link #MAX_NAME_BYTES} bytes.
   *
   * @param name the candidate entry name
   * @return {@code name}
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} or {@link ErrorKind#NAME_TOO_LONG}
   */
  public static String checkName(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "name: '" + name + "' (expected: not empty, '.' or '..')");
    }
    // A quick bound before encoding: every char is at least one UTF-8 byte.
    if (name.length() > MAX_NAME_BYTES) {
      throw new DfsException(
          ErrorKind.NAME_TOO_LONG,
          "name length: " + name.length() + " chars (expected: <= " + MAX_NAME_BYTES + " bytes)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == 0) {
        throw new DfsException(
            ErrorKind.INVALID_ARGUMENT,
            "name: '" + name + "' contains " + (c == 0 ? "NUL" : "'/'") + " (expected: neither)");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
          throw loneSurrogate(name);
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw loneSurrogate(name);
      }
    }
    int bytes = utf8Length(name);
    if (bytes > MAX_NAME_BYTES) {
      throw new DfsException(
          ErrorKind.NAME_TOO_LONG,
          "name length: " + bytes + " bytes (expected: <= " + MAX_NAME_BYTES + ")");
    }
    return name;
  }

  /**
   * Checks a symlink target: not empty, no NUL, at most {@link #MAX_PATH_BYTES} bytes.
   *
   * @param target the link target
   * @return {@code target}
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} or {@link ErrorKind#NAME_TOO_LONG}
   */
  public static String checkSymlinkTarget(String target) {
    if (target.isEmpty() || target.indexOf(0) >= 0) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "symlink target: '" + target + "' (expected: not empty, no NUL)");
    }
    int bytes = utf8Length(target);
    if (bytes > MAX_PATH_BYTES) {
      throw new DfsException(
          ErrorKind.NAME_TOO_LONG,
          "symlink target length: " + bytes + " bytes (expected: <= " + MAX_PATH_BYTES + ")");
    }
    return target;
  }

  /**
   * Checks an extended attribute name and value length.
   *
   * @param name the attribute name: not empty, no NUL, at most {@link #MAX_XATTR_NAME_BYTES} bytes
   * @param valueLength the value length, at most {@link #MAX_XATTR_VALUE_BYTES}
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} or {@link ErrorKind#XATTR_TOO_LARGE}
   */
  public static void checkXattr(String name, long valueLength) {
    if (name.isEmpty() || name.indexOf(0) >= 0) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "xattr name: '" + name + "' (expected: not empty, no NUL)");
    }
    int bytes = utf8Length(name);
    if (bytes > MAX_XATTR_NAME_BYTES) {
      throw new DfsException(
          ErrorKind.XATTR_TOO_LARGE,
          "xattr name length: " + bytes + " bytes (expected: <= " + MAX_XATTR_NAME_BYTES + ")");
    }
    if (valueLength > MAX_XATTR_VALUE_BYTES) {
      throw new DfsException(
          ErrorKind.XATTR_TOO_LARGE,
          "xattr value length: " + valueLength + " bytes (expected: <= " + MAX_XATTR_VALUE_BYTES + ")");
    }
  }

  /**
   * Checks permission bits given to create, mkdir, createUnlinked and createVolume.
   *
   * @param mode the bits
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} for bits outside {@code 07777}
   */
  public static void checkMode(int mode) {
    if ((mode & ~07777) != 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "mode: 0" + Integer.toOctalString(mode) + " (expected: permission bits within 07777)");
    }
  }

  /**
   * Checks the page size of a directory listing.
   *
   * @param maxEntries the most entries asked for
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} outside 1 to {@link #MAX_READDIR_ENTRIES}
   */
  public static void checkReaddirEntries(int maxEntries) {
    if (maxEntries < 1 || maxEntries > MAX_READDIR_ENTRIES) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "maxEntries: " + maxEntries + " (expected: 1 to " + MAX_READDIR_ENTRIES + ")");
    }
  }

  /**
   * Checks the arguments of {@link Volume#readSmall}.
   *
   * @param maxBytes the largest size whose content is returned
   * @param xattrs the extended attribute names whose values are asked for
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} for a size outside 0 to {@link
   *     #MAX_SMALL_READ_BYTES}, more than {@link #MAX_SMALL_READ_XATTRS} names, or a bad name
   */
  public static void checkSmallRead(int maxBytes, java.util.Collection<String> xattrs) {
    if (maxBytes < 0 || maxBytes > MAX_SMALL_READ_BYTES) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "maxBytes: " + maxBytes + " (expected: 0 to " + MAX_SMALL_READ_BYTES + ")");
    }
    if (xattrs.size() > MAX_SMALL_READ_XATTRS) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "xattrs: " + xattrs.size()
          + " names (expected: at most " + MAX_SMALL_READ_XATTRS + ")");
    }
    for (String name : xattrs) {
      checkXattr(name, 0);
    }
  }

  /**
   * Checks a byte range used by I/O, punch and allocate calls.
   *
   * @param offset the first byte, {@code >= 0}
   * @param length the number of bytes, {@code >= 0}, with {@code offset + length} not overflowing
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} or {@link ErrorKind#FILE_TOO_LARGE}
   */
  public static void checkRange(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT,
          "range: offset " + offset + ", length " + length + " (expected: both >= 0)");
    }
    if (offset + length < 0) {
      throw new DfsException(
          ErrorKind.FILE_TOO_LARGE,
          "range end: " + offset + " + " + length + " (expected: <= " + MAX_FILE_SIZE + ")");
    }
  }

  /**
   * Returns the UTF-8 length of well-formed text without allocating.
   *
   * @param s the text
   * @return its length in UTF-8 bytes
   */
  public static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static DfsException loneSurrogate(String name) {
    return new DfsException(
        ErrorKind.INVALID_ARGUMENT,
        "name: '" + new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
            + "' has an unpaired surrogate (expected: well-formed Unicode)");
  }
}

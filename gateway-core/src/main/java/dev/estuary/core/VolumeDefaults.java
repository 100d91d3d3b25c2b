package dev.estuary.core;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.XattrMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the object protocols (S3 and the dataset service), which carry no POSIX mode of their own,
 * give what they create on a volume: files get {@code fileMode}, directories {@code dirMode}, both
 * owned by the creating user with the volume's group {@code gid}. With the defaults (0664, 0775)
 * and the rule that every user holding a grant on a volume counts as a member of its group there
 * ({@link AccessChecker}), users granted write can replace and delete each other's S3 objects as
 * in AWS, while a mode set through NFS or SMB (a 0600 file) is still honoured.
 *
 * <p>Stored with the volume, so that every process and every backend sees the same settings: the
 * extended attribute {@value #XATTR} of the root directory, as the text {@code file-mode=0664
 * dir-mode=0775 gid=100}. A volume without it (created before this setting existed, or by a backend
 * without extended attributes) gets {@link #FILE_MODE}, {@link #DIR_MODE} and the group of its root
 * directory. Written by {@code estuary volume create} and by S3 CreateBucket.
 *
 * @param fileMode permission bits of new files, within {@code 0777}
 * @param dirMode permission bits of new directories, within {@code 07777} (setgid and sticky allowed)
 * @param gid the volume's group: the group of new objects, and the group every user with a grant on
 *     the volume counts as a member of there
 */
public record VolumeDefaults(int fileMode, int dirMode, int gid) {
  /** The root extended attribute that holds the defaults. */
  public static final String XATTR = "estuary.volume.defaults";
  /** Files a volume without stored defaults gets: group-writable, as S3 users share a bucket. */
  public static final int FILE_MODE = 0664;
  /** Directories a volume without stored defaults gets. */
  public static final int DIR_MODE = 0775;

  /** Validates the components. */
  public VolumeDefaults {
    if ((fileMode & ~0777) != 0) {
      throw new IllegalArgumentException(
          "fileMode: 0" + Integer.toOctalString(fileMode) + " (expected: permission bits within 0777)");
    }
    if ((dirMode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "dirMode: 0" + Integer.toOctalString(dirMode) + " (expected: permission bits within 07777)");
    }
  }

  /**
   * Returns the owner of an object a user creates under these defaults.
   *
   * @param uid the creating user
   * @return {@code uid} with the volume's group
   */
  public Ownership owner(int uid) {
    return new Ownership(uid, gid);
  }

  /**
   * Creates a volume whose root directory follows these defaults (mode {@code dirMode}, the
   * volume's group) and stores them with it, durably.
   *
   * @param dfs the backend
   * @param name the volume name
   * @param rootUid the owner of the root directory
   * @return the new volume
   * @throws DfsException {@link ErrorKind#EXISTS} and the other errors of {@link Dfs#createVolume};
   *     {@link ErrorKind#UNSUPPORTED} for modes other than the built-in ones on a backend without
   *     extended attributes (the volume is not created)
   */
  public VolumeInfo createVolume(Dfs dfs, String name, int rootUid) {
    boolean builtIn = fileMode == FILE_MODE && dirMode == DIR_MODE;
    if (!builtIn && !dfs.capabilities().contains(Capability.XATTRS)) {
      throw new DfsException(ErrorKind.UNSUPPORTED, "volume defaults " + encode() + ": this backend"
          + " stores no extended attributes (expected: file-mode=0664 dir-mode=0775)");
    }
    VolumeInfo info = dfs.createVolume(name, dirMode, owner(rootUid));
    if (dfs.capabilities().contains(Capability.XATTRS)) {
      write(dfs.volume(name));
    }
    dfs.sync();
    return info;
  }

  /**
   * Reads a volume's defaults: the stored ones, else the built-in modes with the root's group.
   *
   * @param v the volume (undecorated: reading them needs no permission)
   * @return the defaults
   * @throws DfsException {@link ErrorKind#IO_ERROR} when the stored value cannot be parsed
   */
  public static VolumeDefaults read(Volume v) {
    byte[] raw;
    try {
      raw = v.getXattr(v.root(), XATTR);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NO_SUCH_XATTR || e.kind() == ErrorKind.UNSUPPORTED) {
        Attributes root = v.getAttributes(v.root());
        return new VolumeDefaults(FILE_MODE, DIR_MODE, root.gid());
      }
      throw e;
    }
    try {
      return decode(new String(raw, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // Fail closed: a damaged setting must not silently widen or narrow access.
      throw new DfsException(ErrorKind.IO_ERROR, "volume '" + v.name() + "': root xattr " + XATTR
          + " is damaged: " + e.getMessage(), e);
    }
  }

  /**
   * Stores these defaults on a volume.
   *
   * @param v the volume
   */
  public void write(Volume v) {
    v.setXattr(v.root(), XATTR, encode().getBytes(StandardCharsets.UTF_8), XattrMode.UPSERT);
  }

  /**
   * Returns the stored form.
   *
   * @return e.g. {@code file-mode=0664 dir-mode=0775 gid=100}
   */
  public String encode() {
    return "file-mode=0" + Integer.toOctalString(fileMode) + " dir-mode=0"
        + Integer.toOctalString(dirMode) + " gid=" + Integer.toUnsignedString(gid);
  }

  /**
   * Parses the stored form.
   *
   * @param text {@code file-mode=OCTAL dir-mode=OCTAL gid=N}, in any order
   * @return the defaults
   * @throws IllegalArgumentException naming what is wrong
   */
  public static VolumeDefaults decode(String text) {
    Map<String, String> fields = new HashMap<>();
    // Split by hand on what the regex \s matches: decoded on every request that opens a volume.
    String t = text.strip();
    for (int start = 0, end; start <= t.length(); start = end + 1) {
      end = start;
      while (end < t.length() && " \t\n\u000B\f\r".indexOf(t.charAt(end)) < 0) {
        end++;
      }
      String field = t.substring(start, end);
      while (end + 1 < t.length() && " \t\n\u000B\f\r".indexOf(t.charAt(end + 1)) >= 0) {
        end++;
      }
      int eq = field.indexOf('=');
      if (eq <= 0 || fields.put(field.substring(0, eq), field.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("field: '" + field
            + "' (expected: each of file-mode=OCTAL dir-mode=OCTAL gid=N once)");
      }
    }
    if (fields.size() != 3 || !fields.containsKey("file-mode") || !fields.containsKey("dir-mode")
        || !fields.containsKey("gid")) {
      throw new IllegalArgumentException("fields: " + fields.keySet()
          + " (expected: file-mode, dir-mode and gid)");
    }
    return new VolumeDefaults(parseMode("file-mode", fields.get("file-mode")),
        parseMode("dir-mode", fields.get("dir-mode")), parseId("gid", fields.get("gid")));
  }

  /**
   * Parses an octal mode as the CLI and the stored form write it.
   *
   * @param what the field name, for the message
   * @param text e.g. {@code 0664}
   * @return the bits
   * @throws IllegalArgumentException naming the text
   */
  public static int parseMode(String what, String text) {
    if (!isOctal(text)) {
      throw new IllegalArgumentException(what + ": '" + text + "' (expected: octal digits, e.g. 0664)");
    }
    return Integer.parseInt(text, 8);
  }

  /** Whether the text is 1 to 5 octal digits (the regex {@code [0-7]{1,5}}). */
  private static boolean isOctal(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses an unsigned 32-bit POSIX id.
   *
   * @param what the field name, for the message
   * @param text decimal digits
   * @return the id (as the backend stores it: unsigned 32-bit in an int)
   * @throws IllegalArgumentException naming the text
   */
  public static int parseId(String what, String text) {
    try {
      return Integer.parseUnsignedInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + ": '" + text + "' (expected: a decimal id from 0 to 4294967295)");
    }
  }
}

package dev.estuary.smb.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.WireNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Share-relative paths as CREATE and rename carry them: components separated by backslashes, looked up
 * ignoring case through the backend's index ({@link dev.estuary.dfs.Volume#lookupIgnoreCase}) and created
 * with the case given, as NTFS does. Names Windows cannot hold are refused ([MS-FSCC] 2.1.5.2: no
 * control characters and none of {@code " * / : < > ? \ |}, at most 255 UTF-16 units) with
 * STATUS_OBJECT_NAME_INVALID. The root's reserved entries ({@code .estuary-*}) do not exist for SMB.
 */
final class SmbPaths {
  /** The most UTF-16 code units in one name ([MS-FSCC] 2.1.5.2.1). */
  static final int MAX_NAME = 255;
  private static final String DATA_STREAM = "::$DATA";

  private SmbPaths() {}

  /** A protocol status raised while walking a path. */
  static final class PathException extends Exception {
    private static final long serialVersionUID = 1L;
    private final NtStatus status;

    PathException(NtStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    NtStatus status() {
      return status;
    }
  }

  /**
   * A resolved path: the directory holding the last component, the path of that directory and the last
   * component as stored (or as given, when it does not exist).
   *
   * @param parent the directory's attributes (the root's for a one-component path; for the empty path, the
   *     root itself)
   * @param parentPath the directory's path from the root, in wire form
   * @param name the last component as the backend names it, empty for the root
   * @param target the object, or null when the last component does not exist
   * @param ancestors the directories from the root down to {@code parent}, both included (empty for the
   *     root itself)
   */
  record Resolved(Attributes parent, String parentPath, String name, @Nullable Attributes target,
      List<ObjectId> ancestors) {
    Resolved {
      ancestors = List.copyOf(ancestors);
    }

    /** The path as SMB names it: each component in its wire form ({@link WireNames#toWire}). */
    String path() {
      return SmbFiles.child(parentPath, WireNames.toWire(name));
    }
  }

  /**
   * Splits a path into validated components, each mapped to its backend name ({@link WireNames#fromWire}); strips a trailing {@code ::$DATA} (the unnamed stream is
   * the file). Named streams are not served, so any other colon is an invalid name.
   *
   * @param path the path, without a leading backslash
   * @return the components; empty for the share root
   */
  static List<String> split(String path) throws PathException {
    String p = path;
    if (p.toUpperCase(Locale.ROOT).endsWith(DATA_STREAM)) {
      p = p.substring(0, p.length() - DATA_STREAM.length());
    }
    List<String> parts = new ArrayList<>();
    if (p.isEmpty()) {
      return parts;
    }
    for (String part : p.split("\\\\", -1)) {
      checkName(part);
      parts.add(WireNames.fromWire(part));
    }
    return parts;
  }

  /**
   * Refuses names Windows cannot hold.
   *
   * @param name one component
   */
  static void checkName(String name) throws PathException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > MAX_NAME) {
      throw new PathException(NtStatus.OBJECT_NAME_INVALID, "name '" + name + "' (expected: 1.." + MAX_NAME
          + " UTF-16 units, not . or ..)");
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < 0x20 || "\"*/:<>?\\|".indexOf(ch) >= 0) {
        throw new PathException(NtStatus.OBJECT_NAME_INVALID, String.format("name '%s': character U+%04X"
            + " (expected: none of control characters and \" * / : < > ? \\ |)", name, (int) ch));
      }
    }
  }

  /**
   * Walks a path from the root.
   *
   * @param v the checked volume
   * @param parts the components from {@link #split}
   * @return the resolution
   * @throws PathException STATUS_OBJECT_PATH_NOT_FOUND for a missing or non-directory intermediate
   */
  static Resolved resolve(CheckedVolume v, List<String> parts) throws PathException {
    Attributes dir = v.getAttributes(v.root());
    if (parts.isEmpty()) {
      return new Resolved(dir, "", "", dir, List.of());
    }
    String dirPath = "";
    List<ObjectId> ancestors = new ArrayList<>();
    ancestors.add(dir.id());
    for (int i = 0; i < parts.size() - 1; i++) {
      Hit next = find(v, dir, parts.get(i));
      if (next == null || !next.attributes().isDirectory()) {
        throw new PathException(NtStatus.OBJECT_PATH_NOT_FOUND, "path component '" + parts.get(i)
            + "': " + (next == null ? "missing" : "not a directory") + " (expected: a directory)");
      }
      dirPath = SmbFiles.child(dirPath, WireNames.toWire(next.name()));
      dir = next.attributes();
      ancestors.add(dir.id());
    }
    String last = parts.get(parts.size() - 1);
    Hit target = find(v, dir, last);
    return target == null ? new Resolved(dir, dirPath, last, null, ancestors)
        : new Resolved(dir, dirPath, target.name(), target.attributes(), ancestors);
  }

  /** An entry found: its name as stored and its attributes. */
  record Hit(String name, Attributes attributes) {}

  /**
   * Looks up a name ignoring case; null when absent (or a reserved root entry).
   */
  static @Nullable Hit find(CheckedVolume v, Attributes dir, String name) {
    if (dir.id().equals(v.root()) && ReservedNames.isReservedAtRoot(name)) {
      return null;
    }
    try {
      CaseLookup c = v.lookupIgnoreCase(dir.id(), name);
      return new Hit(c.entry().name(), c.entry().attributes());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }
}

package dev.estuary.dataset.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path relative to a volume root as the wire carries it: {@code /}-separated, a leading {@code /}
 * ignored. Reads keep dfs_lookup's rules ({@code .}, {@code ..} and repeated slashes are resolved by
 * the backend, daos.md §2.3); checkpoint paths must be plain.
 *
 * @param text the path as given, without leading or trailing slashes
 * @param parent everything before the last component, possibly empty (the root)
 * @param name the last component, empty for the root
 */
public record RelPath(String text, String parent, String name) {

  /** Longest path accepted, in UTF-8 bytes ({@code PATH_MAX}, daos.md §2.10). */
  public static final int MAX_PATH_BYTES = 4096;

  /**
   * Parses a path for reading.
   *
   * @param what the request field, for messages
   * @param path the path; empty means the root
   * @return the parsed path
   * @throws RequestException INVALID_ARGUMENT when too long or containing NUL
   */
  public static RelPath parse(String what, String path) {
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw RequestException.invalid(
          what + ": " + path.length() + " chars (expected: <= " + MAX_PATH_BYTES + " UTF-8 bytes)");
    }
    if (path.indexOf('\0') >= 0) {
      throw RequestException.invalid(what + ": contains NUL (expected: a path)");
    }
    String t = strip(path);
    int slash = t.lastIndexOf('/');
    return slash < 0 ? new RelPath(t, "", t) : new RelPath(t, t.substring(0, slash), t.substring(slash + 1));
  }

  /**
   * Parses a path that names a new file, which must be canonical: non-empty, at most one leading
   * {@code /}, no trailing {@code /}, and no empty ({@code //x}, {@code a//b}), {@code .} or {@code
   * ..} segment. A checkpoint is published under exactly the name the client gave, so a name that
   * other spellings also reach is refused rather than normalised.
   *
   * @param what the request field, for messages
   * @param path the path
   * @return the parsed path
   * @throws RequestException INVALID_ARGUMENT otherwise
   */
  public static RelPath parsePlain(String what, String path) {
    RelPath p = parse(what, path);
    if (p.name.isEmpty()) {
      throw RequestException.invalid(what + ": " + Echo.quote(path) + " (expected: a file path such as ckpt/epoch1.pt)");
    }
    String body = path.startsWith("/") ? path.substring(1) : path;
    for (String part : body.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw RequestException.invalid(what + ": " + Echo.quote(path)
            + " has an empty, '.' or '..' segment (expected: a canonical path such as ckpt/epoch1.pt)");
      }
    }
    return p;
  }

  /**
   * Returns the path's components.
   *
   * @return the non-empty components in order
   */
  public List<String> components() {
    List<String> out = new ArrayList<>();
    for (String part : text.split("/")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  /**
   * Returns whether this is the root.
   *
   * @return true for the empty path
   */
  public boolean isRoot() {
    return text.isEmpty();
  }

  private static String strip(String p) {
    int b = 0;
    int e = p.length();
    while (b < e && p.charAt(b) == '/') {
      b++;
    }
    while (e > b && p.charAt(e - 1) == '/') {
      e--;
    }
    return p.substring(b, e);
  }
}

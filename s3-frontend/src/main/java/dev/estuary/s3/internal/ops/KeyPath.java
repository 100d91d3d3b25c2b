package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Limits;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 key as a path inside its volume (DESIGN §2): {@code photos/2024/a.jpg} is the file {@code
 * a.jpg} in the directory {@code photos/2024}. Keys that cannot be paths are refused, never
 * rewritten:
 *
 * <ul>
 *   <li>longer than 1024 UTF-8 bytes: {@code KeyTooLongError} (S3's own limit);
 *   <li>an empty segment (a leading {@code /} or {@code //}), a {@code .} or {@code ..} segment, a
 *       NUL, or a segment over 255 bytes (a name the volume cannot hold): {@code InvalidArgument}
 *       naming the segment.
 * </ul>
 *
 * <p>A key ending in {@code /} ({@code photos/2024/}) names the directory itself: the "folder
 * marker" some tools write. {@link #isDirectory()} says so; such keys are accepted only where a
 * directory makes sense (a zero-length PUT creates the directory and records object metadata on
 * it, HEAD/GET of an existing one answer an empty object, DELETE removes it); a directory with
 * that metadata lists as an object, as on S3 ({@link Store#isFolderMarker}).
 *
 * @param key the key as the client sent it
 * @param segments the path segments, never empty for an object key
 * @param isDirectory whether the key ends in {@code /}
 */
public record KeyPath(String key, List<String> segments, boolean isDirectory) {

  /** S3's maximum key length in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;

  /** Copies the components. */
  public KeyPath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses and checks a key.
   *
   * @param key the decoded key
   * @return the path
   * @throws S3Exception {@code KeyTooLongError} or {@code InvalidArgument}
   */
  public static KeyPath parse(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new S3Exception(S3ErrorCode.KEY_TOO_LONG,
          "key length: " + bytes + " bytes (expected: <= " + MAX_KEY_BYTES + ")");
    }
    if (key.isEmpty()) {
      throw invalid(key, "the key is empty");
    }
    boolean dir = key.endsWith("/");
    String body = dir ? key.substring(0, key.length() - 1) : key;
    if (body.isEmpty()) {
      throw invalid(key, "the key is only '/'");
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = body.indexOf('/', start);
      String seg = slash < 0 ? body.substring(start) : body.substring(start, slash);
      checkSegment(key, seg);
      parts.add(seg);
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return new KeyPath(key, parts, dir);
  }

  private static void checkSegment(String key, String seg) {
    if (seg.isEmpty()) {
      throw invalid(key, "it has an empty path segment (a leading '/' or '//'), which a volume"
          + " path cannot hold");
    }
    if (seg.equals(".") || seg.equals("..")) {
      throw invalid(key, "it has a '" + seg + "' segment, which a volume path cannot hold");
    }
    if (seg.indexOf('\0') >= 0) {
      throw invalid(key, "it contains NUL");
    }
    int len = seg.getBytes(StandardCharsets.UTF_8).length;
    if (len > Limits.MAX_NAME_BYTES) {
      throw invalid(key, "segment of " + len + " bytes (expected: <= " + Limits.MAX_NAME_BYTES
          + " bytes between slashes)");
    }
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean pair = Character.isHighSurrogate(c) && i + 1 < seg.length()
            && Character.isLowSurrogate(seg.charAt(i + 1));
        if (!pair) {
          throw invalid(key, "it is not valid UTF-8");
        }
        i++;
      }
    }
  }

  private static S3Exception invalid(String key, String why) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
        "key '" + key + "' cannot be a path in the volume: " + why).withDetail("ArgumentName", "key")
        .withDetail("ArgumentValue", key);
  }

  /**
   * Returns the last segment, the entry name.
   *
   * @return the file (or directory) name
   */
  public String name() {
    return segments.get(segments.size() - 1);
  }

  /**
   * Returns the segments of the parent directory.
   *
   * @return all segments but the last
   */
  public List<String> parentSegments() {
    return segments.subList(0, segments.size() - 1);
  }

  /**
   * Returns the parent directory as a root-relative path.
   *
   * @return e.g. {@code photos/2024}, or empty for a key at the root
   */
  public String parentPath() {
    return String.join("/", parentSegments());
  }
}

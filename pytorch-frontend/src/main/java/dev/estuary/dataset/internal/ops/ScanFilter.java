package dev.estuary.dataset.internal.ops;

import java.util.List;

/**
 * Which entries a Scan returns: paths (relative to the scan root) starting with {@code prefix},
 * files whose name ends with one of {@code suffixes} (all when empty).
 *
 * @param prefix the path prefix, possibly empty
 * @param suffixes the name suffixes, possibly empty
 */
record ScanFilter(String prefix, List<String> suffixes) {
  ScanFilter {
    suffixes = List.copyOf(suffixes);
  }

  /** Whether a directory at {@code rel} may hold a match, so it must be walked. */
  boolean walks(String rel) {
    if (prefix.isEmpty() || rel.isEmpty()) {
      return true;
    }
    String dir = rel + "/";
    return dir.startsWith(prefix) || prefix.startsWith(dir);
  }

  /** Whether a file at {@code rel} named {@code name} is returned. */
  boolean matches(String rel, String name) {
    if (!rel.startsWith(prefix)) {
      return false;
    }
    if (suffixes.isEmpty()) {
      return true;
    }
    for (String s : suffixes) {
      if (name.endsWith(s)) {
        return true;
      }
    }
    return false;
  }
}

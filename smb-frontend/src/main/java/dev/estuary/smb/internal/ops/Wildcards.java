package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.CaseFolding;

/**
 * The name matching of QUERY_DIRECTORY ([MS-FSA] 2.1.4.4 IsInExpression), ignoring case with the
 * backend's {@link CaseFolding}: {@code *} any run of characters, {@code ?} one character, and the DOS
 * wildcards clients send after translating 8.3-style patterns: {@code <} (DOS_STAR: any run up to the
 * last period), {@code >} (DOS_QM: one character, or none at a period or the end) and {@code "} (DOS_DOT:
 * a period, or nothing at the end). Failed (pattern, name) positions are remembered, so a pattern of many
 * stars costs at most pattern length × name length steps.
 */
final class Wildcards {
  private final int[] pattern;

  /**
   * A compiled pattern.
   *
   * @param pattern the pattern as the client sent it
   */
  Wildcards(String pattern) {
    this.pattern = CaseFolding.fold(pattern).codePoints().toArray();
  }

  /**
   * Whether a pattern has wildcard characters at all.
   *
   * @param pattern a pattern
   * @return true if it has one of {@code * ? < > "}
   */
  static boolean hasWildcards(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if ("*?<>\"".indexOf(pattern.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** @return whether the pattern is {@code *}, which matches every name */
  boolean matchesAll() {
    return pattern.length == 1 && pattern[0] == '*';
  }

  /**
   * Matches a name.
   *
   * @param name a directory entry name
   * @return whether the pattern matches it
   */
  boolean matches(String name) {
    if (matchesAll()) {
      return true;
    }
    int[] n = CaseFolding.fold(name).codePoints().toArray();
    int lastDot = -1;
    for (int i = n.length - 1; i >= 0; i--) {
      if (n[i] == '.') {
        lastDot = i;
        break;
      }
    }
    return match(0, 0, n, lastDot, new boolean[(pattern.length + 1) * (n.length + 1)]);
  }

  private boolean match(int pi, int ni, int[] n, int lastDot, boolean[] failed) {
    int key = pi * (n.length + 1) + ni;
    if (failed[key]) {
      return false;
    }
    boolean ok;
    if (pi == pattern.length) {
      ok = ni == n.length;
    } else {
      int c = pattern[pi];
      switch (c) {
        case '*' -> {
          ok = false;
          for (int k = ni; k <= n.length && !ok; k++) {
            ok = match(pi + 1, k, n, lastDot, failed);
          }
        }
        case '<' -> {
          // Any run of characters that does not go past the last period of the name.
          int limit = lastDot >= ni ? lastDot : n.length;
          ok = false;
          for (int k = ni; k <= limit && !ok; k++) {
            ok = match(pi + 1, k, n, lastDot, failed);
          }
        }
        case '?' -> ok = ni < n.length && match(pi + 1, ni + 1, n, lastDot, failed);
        case '>' -> ok = ni == n.length || n[ni] == '.' ? match(pi + 1, ni, n, lastDot, failed)
            : match(pi + 1, ni + 1, n, lastDot, failed);
        case '"' -> ok = ni == n.length ? match(pi + 1, ni, n, lastDot, failed)
            : n[ni] == '.' && match(pi + 1, ni + 1, n, lastDot, failed);
        default -> ok = ni < n.length && n[ni] == c && match(pi + 1, ni + 1, n, lastDot, failed);
      }
    }
    if (!ok) {
      failed[key] = true;
    }
    return ok;
  }
}

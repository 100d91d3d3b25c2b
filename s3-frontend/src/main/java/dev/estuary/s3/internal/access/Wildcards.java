package dev.estuary.s3.internal.access;

import java.util.Locale;

/**
 * The IAM wildcard match of actions, resources and {@code StringLike}: {@code *} matches any run
 * of characters (none included, {@code /} included), {@code ?} exactly one; everything else
 * literally (IAM User Guide, "IAM JSON policy elements: Resource" and "Condition operators").
 */
final class Wildcards {
  private Wildcards() {}

  /**
   * Matches a value against a pattern.
   *
   * @param pattern the pattern with {@code *} and {@code ?}
   * @param value the value
   * @param ignoreCase whether letters match in either case (action names)
   * @return whether the whole value matches
   */
  static boolean matches(String pattern, String value, boolean ignoreCase) {
    String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    // Iterative glob match with backtracking to the last star: linear in practice, no recursion
    // a hostile pattern could blow up.
    int pi = 0;
    int vi = 0;
    int star = -1;
    int mark = 0;
    while (vi < v.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
        pi++;
        vi++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = vi;
      } else if (star >= 0) {
        pi = star + 1;
        vi = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}

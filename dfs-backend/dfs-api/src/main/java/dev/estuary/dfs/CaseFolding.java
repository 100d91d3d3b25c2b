package dev.estuary.dfs;

/**
 * The one case folding of the project: Unicode <em>simple</em> case folding (CaseFolding.txt
 * statuses C and S), code point by code point, as NTFS's upcase table and Samba's case-insensitive
 * lookups compare names. Simple folding never changes a string's length in code points, so
 * {@code ß} stays {@code ß} (full folding would give {@code ss}) and {@code İ} (U+0130) folds to
 * itself, while {@code Σ}, {@code σ} and the final {@code ς} all fold to {@code σ}. Independent of
 * the default locale: Turkish dotless-i rules are never applied.
 *
 * <p>Every place that compares names ignoring case (the backend's case-insensitive index, reserved
 * names, SMB) uses this class, so that they agree.
 */
public final class CaseFolding {
  private CaseFolding() {}

  /**
   * Folds one code point. {@code Character.toLowerCase(Character.toUpperCase(cp))} is the simple
   * folding for every code point except those whose upper case maps back to a different lower case
   * than the folding table names; the exceptions handled here are the ones CaseFolding.txt lists
   * with status C or S whose round trip differs.
   *
   * @param cp a code point
   * @return its simple case folding
   */
  public static int fold(int cp) {
    switch (cp) {
      // U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE has only a full (F) and a Turkic (T) folding;
      // under simple folding it is left alone (its lower case, "i̇", is two code points).
      case 0x0130:
        return cp;
      // U+0131 LATIN SMALL LETTER DOTLESS I has no folding at all.
      case 0x0131:
        return cp;
      // U+1E9E LATIN CAPITAL LETTER SHARP S folds (status S) to U+00DF.
      case 0x1E9E:
        return 0x00DF;
      default:
        return Character.toLowerCase(Character.toUpperCase(cp));
    }
  }

  /**
   * Folds a string code point by code point.
   *
   * @param s the string
   * @return its simple case folding, with as many code points as {@code s}
   */
  public static String fold(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int f = fold(cp);
      if (f != cp && b == null) {
        b = new StringBuilder(s.length());
        b.append(s, 0, i);
      }
      if (b != null) {
        b.appendCodePoint(f);
      }
      i += Character.charCount(cp);
    }
    return b == null ? s : b.toString();
  }

  /**
   * Returns whether two names are equal ignoring case.
   *
   * @param a a name
   * @param b another name
   * @return {@code fold(a).equals(fold(b))}
   */
  public static boolean equalsIgnoreCase(String a, String b) {
    return fold(a).equals(fold(b));
  }
}

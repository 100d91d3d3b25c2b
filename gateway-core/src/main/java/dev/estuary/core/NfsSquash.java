package dev.estuary.core;

import java.util.Locale;

/**
 * How an NFS export maps the ids AUTH_SYS clients send (exports(5)): {@code root_squash} turns uid
 * 0 and gid 0 into the anonymous ids, {@code all_squash} turns every caller into the anonymous
 * user, {@code no_root_squash} trusts the ids as sent. AUTH_NONE callers are always anonymous.
 */
public enum NfsSquash {
  /** Trust uid 0 from the client: only for hosts whose root is trusted. */
  NO_ROOT_SQUASH,
  /** Map uid 0 and gid 0 to the anonymous uid and gid (the default). */
  ROOT_SQUASH,
  /** Map every caller to the anonymous uid and gid. */
  ALL_SQUASH;

  /**
   * Returns the exports(5) spelling.
   *
   * @return e.g. {@code root_squash}
   */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the exports(5) spelling, with {@code -} or {@code _}, any case.
   *
   * @param text e.g. {@code root_squash} or {@code all-squash}
   * @return the squash mode
   * @throws IllegalArgumentException naming the text and the expected values
   */
  public static NfsSquash parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (NfsSquash s : values()) {
      if (s.name().equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "squash: '" + text + "' (expected: root_squash, all_squash or no_root_squash)");
  }
}

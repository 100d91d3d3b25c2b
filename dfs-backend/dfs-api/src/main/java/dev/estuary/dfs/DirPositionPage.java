package dev.estuary.dfs;

import java.util.List;

/**
 * One page of a directory listing in position order ({@link Volume#readdirByPosition}).
 *
 * @param entries the entries, in increasing {@link DirEntry#position()} order
 * @param last the position to resume after: that of the last entry the page covered (an entry
 *     removed while the page was read may be left out of {@code entries} yet covered), or the
 *     position the call started after when the page covered none
 * @param end true when no entry had a higher position at the time of the call
 */
public record DirPositionPage(List<DirEntry> entries, long last, boolean end) {
  /** Validates and copies the components. */
  public DirPositionPage {
    entries = List.copyOf(entries);
    if (last < 0) {
      throw new IllegalArgumentException("last: " + last + " (expected: 0 or more)");
    }
  }
}

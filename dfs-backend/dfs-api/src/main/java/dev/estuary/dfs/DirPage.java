package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a directory listing.
 *
 * @param entries the entries, in sorted order (UTF-8 byte order of names)
 * @param next where to resume to get the entries after these
 * @param end true when no entry sorted after the last one returned at the time of the call
 */
public record DirPage(List<DirEntry> entries, DirCursor next, boolean end) {
  /** Validates and copies the components. */
  public DirPage {
    entries = List.copyOf(entries);
    requireNonNull(next, "next");
  }
}

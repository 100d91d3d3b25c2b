package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

/**
 * The result of {@link Volume#lookupIgnoreCase}: the entry found and whether the name is ambiguous.
 *
 * @param entry the entry found, with its stored name (the case it was created with) and the
 *     object's attributes
 * @param collision true when more than one stored name of the directory equals the name ignoring
 *     case ({@link CaseFolding}); {@code entry} is then the exact-case match if there is one, else
 *     the first of them in UTF-8 byte order. The SMB frontend decides what a collision means for
 *     its client; the backend refuses nothing
 */
public record CaseLookup(DirEntry entry, boolean collision) {
  /** Validates the components. */
  public CaseLookup {
    requireNonNull(entry, "entry");
    requireNonNull(entry.attributes(), "entry.attributes");
  }
}

package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a directory listing.
 *
 * @param name the entry name
 * @param id the object the entry names
 * @param type the object's type
 * @param position the entry's position in its directory (see {@link Volume#readdirByPosition}),
 *     from {@link #FIRST_POSITION} to {@link Long#MAX_VALUE}; {@link #NO_POSITION} only in an entry a
 *     caller built itself rather than received from the backend
 * @param attributes the object's attributes when the listing asked for them ({@code readdirplus}),
 *     else null
 */
public record DirEntry(
    String name, ObjectId id, ObjectType type, long position, @Nullable Attributes attributes) {
  /**
   * The position before every entry, from which {@link Volume#readdirByPosition} lists a whole
   * directory; never the position of an entry. Also the value of {@link #position()} in an entry
   * that a caller built itself.
   */
  public static final long NO_POSITION = 0;

  /**
   * The smallest position an entry gets. Positions 1 and 2 are never given either: NFS READDIR
   * reserves cookie 0 for the start and cookies 1 and 2 for the {@code .} and {@code ..} entries
   * that Linux clients make up themselves (RFC 8881 §18.23.3; nfs.md), so that a frontend can use a
   * position as a cookie unchanged.
   */
  public static final long FIRST_POSITION = 3;

  /** Validates the components. */
  public DirEntry {
    requireNonNull(name, "name");
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    if (position != NO_POSITION && position < FIRST_POSITION) {
      throw new IllegalArgumentException(
          "position: " + position + " (expected: " + NO_POSITION + " or " + FIRST_POSITION
              + " to " + Long.MAX_VALUE + ")");
    }
  }
}

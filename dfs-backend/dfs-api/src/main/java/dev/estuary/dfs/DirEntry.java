package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a directory listing.
 *
 * @param name the entry name
 * @param id the object the entry names
 * @param type the object's type
 * @param attributes the object's attributes when the listing asked for them ({@code readdirplus}),
 *     else null
 */
public record DirEntry(String name, ObjectId id, ObjectType type, @Nullable Attributes attributes) {
  /** Validates the components. */
  public DirEntry {
    requireNonNull(name, "name");
    requireNonNull(id, "id");
    requireNonNull(type, "type");
  }
}

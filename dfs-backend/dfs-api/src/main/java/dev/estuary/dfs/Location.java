package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

/**
 * Where a named object lives: its parent directory and its name there. Every object has at most
 * one, since there are no hard links.
 *
 * @param parent the parent directory
 * @param name the entry name in the parent
 */
public record Location(ObjectId parent, String name) {
  /** Validates the components. */
  public Location {
    requireNonNull(parent, "parent");
    requireNonNull(name, "name");
  }
}

package dev.estuary.core;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which frontends to start: every one the build offers, or exactly the named ones (possibly none,
 * in which case only the admin endpoint runs).
 *
 * @param all whether to start every available frontend
 * @param names the frontends to start when {@code all} is false, in name order
 */
public record FrontendSelection(boolean all, List<String> names) {
  /** Every available frontend. */
  public static final FrontendSelection ALL = new FrontendSelection(true, List.of());

  /** No frontend at all. */
  public static final FrontendSelection NONE = new FrontendSelection(false, List.of());

  /** Validates and copies the components. */
  public FrontendSelection {
    names = List.copyOf(new TreeSet<>(names));
    if (all && !names.isEmpty()) {
      throw new IllegalArgumentException("frontends: all and " + names + " (expected: one or the other)");
    }
  }

  /**
   * Selects exactly the given frontends.
   *
   * @param names frontend names
   * @return the selection
   */
  public static FrontendSelection of(Set<String> names) {
    return new FrontendSelection(false, List.copyOf(names));
  }

  /**
   * Returns whether the named frontend is selected.
   *
   * @param name a frontend name
   * @return true if it should start
   */
  public boolean includes(String name) {
    return all || names.contains(name);
  }

  @Override
  public String toString() {
    return all ? "all" : names.isEmpty() ? "none" : String.join(",", names);
  }
}

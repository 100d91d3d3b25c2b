package dev.estuary.dfs;

import java.util.List;

/**
 * The outcome of a consistency check of a stopped backend ({@code dfs_cont_check}).
 *
 * @param objectsChecked how many objects were examined
 * @param problems one line per inconsistency found, naming the object and what was wrong
 * @param repaired how many of the problems were repaired (0 unless a repair was asked for)
 */
public record FsckReport(long objectsChecked, List<String> problems, long repaired) {
  /** Copies the components. */
  public FsckReport {
    problems = List.copyOf(problems);
  }

  /**
   * Returns whether the backend is consistent now: nothing found, or everything found repaired.
   *
   * @return true when no problem remains
   */
  public boolean clean() {
    return problems.size() == repaired;
  }
}

package dev.estuary.bench.internal;

import java.util.List;

/** One workload of issue 2 item 8, written once against {@link Side} and run on each side. */
interface Workload {

  /**
   * Returns the workload's name, as {@code --only} takes it.
   *
   * @return the name
   */
  String name();

  /**
   * Runs the workload on one side, leaving what it created for the runner to remove at the end of
   * the run (see {@link Settler}).
   *
   * @param side the side
   * @param base an empty directory of that side to work in
   * @param sizes the counts and sizes
   * @param phases starts the timed phases
   * @param <D> how the side names directories
   * @return one measurement per timed phase, in row order
   */
  <D> List<Measurement> run(Side<D> side, D base, Sizes sizes, Phases phases);
}

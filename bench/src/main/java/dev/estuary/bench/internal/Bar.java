package dev.estuary.bench.internal;

/**
 * The targets of issue 10's table, the engine/java.nio ratio each group of rows must reach. They
 * raised issue 2 item 8's: creates 1.5 (was 1.0, with the other metadata rows), sequential 0.95
 * (was 0.9), random 1.0 (was 0.8).
 */
public enum Bar {
  /** Create, in both layouts. */
  CREATE("create", 1.5),
  /** Stat, readdir and unlink, in both layouts. */
  METADATA("metadata", 1.0),
  /** 4 KiB create+write+read, whole operations. */
  SMALL_FILE("small-file", 1.5),
  /** 1 MiB sequential write+sync and read. */
  SEQUENTIAL("sequential", 0.95),
  /** Random 4 KiB reads and writes. */
  RANDOM("random", 1.0);

  private final String label;
  private final double ratio;

  Bar(String label, double ratio) {
    this.label = label;
    this.ratio = ratio;
  }

  /**
   * Returns the name printed in the summary.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Returns the lowest engine/nio ratio that meets the target.
   *
   * @return the ratio
   */
  public double ratio() {
    return ratio;
  }
}

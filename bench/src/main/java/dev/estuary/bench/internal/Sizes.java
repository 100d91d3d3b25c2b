package dev.estuary.bench.internal;

/**
 * The counts and sizes of one run, derived from the scale. Scale 1.0 is issue 2 item 8 as written,
 * sized for 2 cores and 24 GiB of RAM: one million metadata files, 200,000 small files, a 4 GiB
 * sequential file (well below RAM, so its reads are served from the page cache) and 200,000 random
 * 4 KiB reads and writes on a 1 GiB file.
 *
 * @param metadataFiles files created, stat'ed, listed and unlinked in each layout
 * @param metadataDirs directories of the spread layout (1,000 files each, at least 2)
 * @param smallFiles 4 KiB files written and read back
 * @param smallDirs directories holding the small files, 1,000 files each
 * @param sequentialBytes size of the sequential file, a whole number of MiB
 * @param randomFileBytes size of the random-I/O file, a whole number of MiB
 * @param randomOps random reads, and random writes, each
 */
public record Sizes(
    int metadataFiles,
    int metadataDirs,
    int smallFiles,
    int smallDirs,
    long sequentialBytes,
    long randomFileBytes,
    int randomOps) {

  /** One MiB, the unit of sequential I/O. */
  public static final int MIB = 1 << 20;
  /** The block of the small-file and random workloads. */
  public static final int BLOCK = 4096;
  /** Files per directory in the spread layouts. */
  public static final int FILES_PER_DIR = 1000;

  /**
   * Returns the sizes for a scale.
   *
   * @param scale 1.0 for the full run
   * @return the sizes
   */
  public static Sizes of(double scale) {
    int metadataFiles = count(1_000_000, scale, 100);
    int smallFiles = count(200_000, scale, 50);
    return new Sizes(
        metadataFiles,
        Math.max(2, dirs(metadataFiles)),
        smallFiles,
        dirs(smallFiles),
        (long) count(4096, scale, 1) * MIB,
        (long) count(1024, scale, 1) * MIB,
        count(200_000, scale, 100));
  }

  /**
   * Returns the sizes of the warm-up round that precedes each timed workload: 2% of the full run,
   * enough for the JIT to compile the hot paths of both sides, or the run itself if smaller.
   *
   * @return the warm-up sizes
   */
  public Sizes warmup() {
    Sizes w = of(0.02);
    return new Sizes(
        Math.min(metadataFiles, w.metadataFiles),
        Math.min(metadataDirs, w.metadataDirs),
        Math.min(smallFiles, w.smallFiles),
        Math.min(smallDirs, w.smallDirs),
        Math.min(sequentialBytes, w.sequentialBytes),
        Math.min(randomFileBytes, w.randomFileBytes),
        Math.min(randomOps, w.randomOps));
  }

  private static int count(int full, double scale, int floor) {
    return (int) Math.max(floor, Math.round(full * scale));
  }

  private static int dirs(int files) {
    return Math.max(1, (files + FILES_PER_DIR - 1) / FILES_PER_DIR);
  }
}

package dev.estuary.bench.internal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Random 4 KiB-aligned reads, then random 4 KiB writes, on a file written sequentially and synced
 * first (untimed). The same offsets on both sides, from a fixed seed. The file fits in RAM and was
 * just written, so reads come from the page cache; writes are buffered and the sync after them is
 * not timed (so the row measures the I/O path, not the disk).
 */
final class RandomWorkload implements Workload {

  @Override
  public String name() {
    return "random";
  }

  @Override
  public <D> List<Measurement> run(Side<D> side, D base, Sizes sizes, Phases phases) {
    long size = sizes.randomFileBytes();
    int n = sizes.randomOps();
    long[] readAt = Data.offsets(n, size, Sizes.BLOCK, 17);
    long[] writeAt = Data.offsets(n, size, Sizes.BLOCK, 19);
    D work = side.mkdir(base, "random");
    ByteBuffer fill = Data.randomDirect(Sizes.MIB, 23);
    ByteBuffer block = Data.randomDirect(Sizes.BLOCK, 29);
    ByteBuffer in = ByteBuffer.allocateDirect(Sizes.BLOCK);
    Measurement reads;
    Measurement writes;
    try (Side.BigFile f = side.createBig(work, "file")) {
      Progress setup = phases.setup("random: fill", size, true);
      for (long pos = 0; pos < size; pos += Sizes.MIB) {
        fill.clear();
        f.write(pos, fill);
        setup.tick(pos + Sizes.MIB);
      }
      f.sync();

      Phases.Timed t = phases.start("random 4 KiB: read (page cache)", n, false);
      for (int i = 0; i < n; i++) {
        in.clear();
        int got = f.read(readAt[i], in);
        if (got != Sizes.BLOCK) {
          throw new IllegalStateException(
              "read at " + readAt[i] + ": " + got + " bytes (expected: " + Sizes.BLOCK + ")");
        }
        t.tick(i + 1);
      }
      reads = t.stop(Bar.RANDOM);

      t = phases.start("random 4 KiB: write (buffered)", n, false);
      for (int i = 0; i < n; i++) {
        block.clear();
        block.putLong(0, i);
        f.write(writeAt[i], block);
        t.tick(i + 1);
      }
      writes = t.stop(Bar.RANDOM);
      f.sync();
    }
    return List.of(reads, writes);
  }
}

package dev.estuary.bench.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One large file written in 1 MiB writes and synced (the sync is inside the timed phase), then read
 * back in 1 MiB reads twice: at once, from the page cache (the file is far smaller than RAM), and
 * again after its pages were evicted with {@code posix_fadvise(DONTNEED)}, from the disk. Both
 * sides get exactly the same treatment. Each MiB carries its offset, checked on read.
 */
final class SequentialWorkload implements Workload {
  private final NativeOs os;

  SequentialWorkload(NativeOs os) {
    this.os = os;
  }

  @Override
  public String name() {
    return "sequential";
  }

  @Override
  public <D> List<Measurement> run(Side<D> side, D base, Sizes sizes, Phases phases) {
    long size = sizes.sequentialBytes();
    D work = side.mkdir(base, "seq");
    ByteBuffer out = Data.randomDirect(Sizes.MIB, 13);
    ByteBuffer in = ByteBuffer.allocateDirect(Sizes.MIB);
    List<Measurement> rows = new ArrayList<>();
    try (Side.BigFile f = side.createBig(work, "big")) {
      Phases.Timed t = phases.start("sequential 1 MiB: write+sync", size, true);
      for (long pos = 0; pos < size; pos += Sizes.MIB) {
        out.clear();
        out.putLong(0, pos);
        f.write(pos, out);
        t.tick(pos + Sizes.MIB);
      }
      f.sync();
      rows.add(t.stop(Bar.SEQUENTIAL));

      rows.add(read(f, size, in, phases, "sequential 1 MiB: read (page cache)"));
      if (os.canEvict()) {
        os.evict(side.storage());
        rows.add(read(f, size, in, phases, "sequential 1 MiB: read (cold, evicted)"));
      }
    }
    return rows;
  }

  private static Measurement read(
      Side.BigFile f, long size, ByteBuffer in, Phases phases, String label) {
    Phases.Timed t = phases.start(label, size, true);
    for (long pos = 0; pos < size; pos += Sizes.MIB) {
      in.clear();
      int n = f.read(pos, in);
      if (n != Sizes.MIB || in.getLong(0) != pos) {
        throw new IllegalStateException(
            "read at " + pos + ": " + n + " bytes, stamp " + in.getLong(0) + " (expected: "
                + Sizes.MIB + " bytes, stamp " + pos + ")");
      }
      t.tick(pos + Sizes.MIB);
    }
    return t.stop(Bar.SEQUENTIAL);
  }
}

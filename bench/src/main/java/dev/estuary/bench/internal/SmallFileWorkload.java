package dev.estuary.bench.internal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Many 4 KiB files, in directories of 1,000: each is created, written whole and closed (in name
 * order), then later opened by name, read whole and closed (in a fixed shuffled order, as a
 * training job reads a dataset). One operation is the whole life of one file, so the combined row
 * is files divided by the time of both phases. Each file carries its index, checked on read.
 */
final class SmallFileWorkload implements Workload {

  @Override
  public String name() {
    return "small";
  }

  @Override
  public <D> List<Measurement> run(Side<D> side, D base, Sizes sizes, Phases phases) {
    int n = sizes.smallFiles();
    int dirCount = sizes.smallDirs();
    int perDir = (n + dirCount - 1) / dirCount;
    String[] names = Data.names(n);
    int[] order = Data.shuffled(n, 7);
    D work = side.mkdir(base, "small");
    @SuppressWarnings("unchecked")
    D[] dirs = (D[]) new Object[dirCount];
    for (int d = 0; d < dirCount; d++) {
      dirs[d] = side.mkdir(work, "d" + d);
    }
    ByteBuffer data = Data.randomDirect(Sizes.BLOCK, 11);
    // Twice the file size, so a read that fills it would show a file larger than written.
    ByteBuffer in = ByteBuffer.allocateDirect(2 * Sizes.BLOCK);
    String label = "small 4 KiB";

    Phases.Timed t = phases.start(label + ": create+write", n, false);
    for (int i = 0; i < n; i++) {
      data.clear();
      data.putLong(0, i);
      side.writeFile(dirs[i / perDir], names[i], data);
      t.tick(i + 1);
    }
    Measurement write = t.stop(null);

    t = phases.start(label + ": read", n, false);
    for (int j = 0; j < n; j++) {
      int i = order[j];
      in.clear();
      int got = side.readFile(dirs[i / perDir], names[i], in);
      if (got != Sizes.BLOCK || in.getLong(0) != i) {
        throw new IllegalStateException(
            "read of '" + names[i] + "': " + got + " bytes, index " + in.getLong(0)
                + " (expected: " + Sizes.BLOCK + " bytes, index " + i + ")");
      }
      t.tick(j + 1);
    }
    Measurement read = t.stop(null);

    return List.of(
        write, read, write.combine(read, label + ": create+write+read", Bar.SMALL_FILE));
  }
}

package dev.estuary.bench;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;

/**
 * The CPU time of the calling thread per engine call (issue 10 round 3, {@code bench/README.md}):
 * create, lookup, a small file's create + write + close and lookup + open + read + close, and
 * remove, through {@code dfs-api} as {@link EngineBench} drives them. Thread CPU time moves much
 * less than wall-clock time when other work shares the machine, so two builds can be compared on
 * a busy one. Two rounds; the second is printed.
 *
 * <p>Usage: {@code EngineCallCost <directory> <files> <metadata-cache-mb>}; the data directory is
 * created under {@code directory} and deleted at the end.
 */
public final class EngineCallCost {
  private EngineCallCost() {}

  /**
   * Runs the measurement.
   *
   * @param args directory, number of files, metadata cache size in MiB
   * @throws IOException if the scratch directory cannot be made or removed
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("args: " + List.of(args)
          + " (expected: <directory> <files> <metadata-cache-mb>)");
    }
    int n = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory(Path.of(args[0]), "call-cost");
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    DfsProvider provider = ServiceLoader.load(DfsProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("engine")).findFirst()
        .orElseThrow(() -> new IllegalStateException("provider 'engine' (expected on the class path)"));
    try (Dfs dfs = provider.open(new DfsProvider.Context(dir, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of("metadata-cache-mb", args[2])))) {
      Volume v = dfs.volume(dfs.createVolume("cost", 0755, Ownership.ROOT).name());
      byte[] data = new byte[4096];
      new Random(1).nextBytes(data);
      for (int round = 0; round < 2; round++) {
        ObjectId d = v.mkdir(v.root(), "d" + round, 0755, Ownership.ROOT).id();
        ObjectId s = v.mkdir(v.root(), "s" + round, 0755, Ownership.ROOT).id();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          names.add("file-" + i);
        }
        long c0 = mx.getCurrentThreadCpuTime();
        for (String name : names) {
          v.create(d, name, 0644, Ownership.ROOT, true);
        }
        long c1 = mx.getCurrentThreadCpuTime();
        Collections.shuffle(names, new Random(round));
        for (String name : names) {
          v.lookup(d, name);
        }
        long c2 = mx.getCurrentThreadCpuTime();
        int m = n / 2;
        for (int i = 0; i < m; i++) {
          ObjectId id = v.create(s, "small-" + i, 0644, Ownership.ROOT, true).id();
          try (FileHandle h = v.open(id, OpenMode.WRITE)) {
            h.write(0, ByteBuffer.wrap(data));
          }
        }
        long c3 = mx.getCurrentThreadCpuTime();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        for (int i = 0; i < m; i++) {
          ObjectId id = v.lookup(s, "small-" + ((i * 7919) % m)).id();
          try (FileHandle h = v.open(id, OpenMode.READ)) {
            buf.clear();
            h.read(0, buf);
          }
          if (buf.position() != data.length) {
            throw new IllegalStateException("read " + buf.position() + " bytes (expected: " + data.length + ")");
          }
        }
        long c4 = mx.getCurrentThreadCpuTime();
        for (String name : names) {
          v.remove(d, name, RemoveKind.NOT_DIRECTORY);
        }
        long c5 = mx.getCurrentThreadCpuTime();
        if (round == 1) {
          System.out.printf("metadata-cache-mb=%s files=%d, us of thread CPU per call: create %.2f, "
              + "lookup %.2f, small create+write+close %.2f, small lookup+open+read+close %.2f, "
              + "remove %.2f%n", args[2], n, (c1 - c0) / 1e3 / n, (c2 - c1) / 1e3 / n,
              (c3 - c2) / 1e3 / m, (c4 - c3) / 1e3 / m, (c5 - c4) / 1e3 / n);
        }
      }
    } finally {
      dev.estuary.bench.internal.Trees.delete(dir);
    }
  }
}

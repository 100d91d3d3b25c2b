package dev.estuary.bench.internal;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the trees of the PyTorch dataset benchmark twice, with identical bytes: into a volume of
 * the embedded engine through dfs-api, and into a local directory with java.nio.
 *
 * <p>Layout (scale 1): {@code small/dNNN/NNNNNN.bin} 100,000 files of 4 KiB, {@code
 * large/dNNN/NNNNNN.bin} 10,000 files of 256 KiB, both 1,000 files per directory; {@code
 * scan/dNNNN/NNNNNN} 1,000,000 empty files in 1,000 directories; {@code scan10m/dNNNN/NNNNNNNN}
 * 10,000,000 empty files in 10,000 directories, in the engine only (written only when asked for). File {@code i} of a tree holds
 * random bytes from a generator seeded with {@code i} and the tree's name, so a reader can check
 * any file; the first 8 bytes are {@code i} (big-endian).
 */
public final class TorchTree implements AutoCloseable {
  /** Owner of everything written: the first user {@code estuary user add} creates (uid 1000). */
  private static final Ownership OWNER = new Ownership(1000, 1000);

  /**
   * One tree: its directory name, file count, file size, files per directory, and whether it is
   * also written to the local directory (the 10M-file scan tree is not: the scan bar is a time,
   * and ten million local files would take most of the machine's inodes).
   */
  public record Part(String name, int files, int size, int perDirectory, boolean mirrored) {
    /** Directories the files are spread over. */
    public int directories() {
      return (files + perDirectory - 1) / perDirectory;
    }
  }

  /** The trees at a scale. */
  public record Layout(List<Part> parts) {
    /**
     * The benchmark's trees at a scale: scale 1 is issue 4's sizes; smaller scales shrink the
     * file counts (the scan tree keeps 1,000 files per directory and shrinks the directory count).
     *
     * @param scale in (0, 1]
     * @return the layout
     */
    public static Layout scaled(double scale) {
      return new Layout(List.of(
          new Part("small", count(100_000, scale), 4096, 1000, true),
          new Part("large", count(10_000, scale), 256 * 1024, 1000, true),
          new Part("scan", count(1_000, scale) * 1000, 0, 1000, true),
          new Part("scan10m", count(10_000, scale) * 1000, 0, 1000, false)));
    }

    /**
     * Returns the parts whose names are listed.
     *
     * @param names part names
     * @return this layout restricted to those parts, in layout order
     */
    public Layout only(Collection<String> names) {
      for (String n : names) {
        if (parts.stream().noneMatch(p -> p.name().equals(n))) {
          throw new IllegalArgumentException("part: '" + n + "' (expected: one of "
              + parts.stream().map(Part::name).toList() + ")");
        }
      }
      return new Layout(parts.stream().filter(p -> names.contains(p.name())).toList());
    }

    private static int count(int full, double scale) {
      return Math.max(1, (int) Math.round(full * scale));
    }
  }

  private final Dfs dfs;
  private final Volume volume;
  private final Path local;
  private final int threads;
  /** Time spent writing file data on each side (summed over threads), for the progress line. */
  private final AtomicLong engineNanos = new AtomicLong();
  private final AtomicLong localNanos = new AtomicLong();

  private TorchTree(Dfs dfs, Volume volume, Path local, int threads) {
    this.dfs = dfs;
    this.volume = volume;
    this.local = local;
    this.threads = threads;
  }

  /**
   * Opens the engine on a (stopped) data directory and creates the volume.
   *
   * @param data the data directory {@code estuary serve --data} will use
   * @param volumeName the volume to create
   * @param local the local directory to mirror into
   * @param threads writer threads
   * @return the writer
   */
  public static TorchTree open(Path data, String volumeName, Path local, int threads) {
    for (DfsProvider p : ServiceLoader.load(DfsProvider.class)) {
      if (p.name().equals("engine")) {
        try {
          Files.createDirectories(data);
          Files.createDirectories(local);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        Dfs dfs = p.open(new DfsProvider.Context(data, Clock.systemUTC(), new SimpleMeterRegistry(),
            Map.of()));
        dfs.createVolume(volumeName, 0755, OWNER);
        return new TorchTree(dfs, dfs.volume(volumeName), local, threads);
      }
    }
    throw new IllegalStateException("provider: 'engine' (expected: dfs-engine on the class path)");
  }

  /**
   * Writes one tree on both sides (or the engine's only, for a part not mirrored), directories
   * split over the threads. Prints progress every 5 s on standard error: files created, the rate,
   * and this process's resident set and heap, so a 10M-file tree shows it stays bounded.
   *
   * @param part the tree
   */
  public void write(Part part) {
    ObjectId top = volume.mkdir(volume.root(), part.name(), 0755, OWNER).id();
    Path localTop = local.resolve(part.name());
    AtomicInteger nextDir = new AtomicInteger();
    AtomicLong created = new AtomicLong();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor()) {
      ticker.scheduleAtFixedRate(() -> progress(part, created.get(), started), 5, 5, TimeUnit.SECONDS);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(part.size(), 8));
          for (int d = nextDir.getAndIncrement(); d < part.directories(); d = nextDir.getAndIncrement()) {
            writeDirectory(part, top, localTop, d, buf, created);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      ticker.shutdownNow();
    } catch (Exception e) {
      throw new IllegalStateException("writing " + part.name() + ": " + e.getMessage(), e);
    }
    long t0 = System.nanoTime();
    volume.sync();
    System.err.printf(Locale.ROOT, "%s: data written in %.1f s (engine) and %.1f s (local),"
        + " summed over threads; engine sync %.1f s%n", part.name(), engineNanos.getAndSet(0) / 1e9,
        localNanos.getAndSet(0) / 1e9, (System.nanoTime() - t0) / 1e9);
    progress(part, created.get(), started);
  }

  private static void progress(Part part, long files, long started) {
    double secs = (System.nanoTime() - started) / 1e9;
    Runtime rt = Runtime.getRuntime();
    System.err.printf(Locale.ROOT, "%s: %,d of %,d files (%.0f%%) in %.0f s, %,.0f files/s; RSS %,d MiB,"
        + " heap used %,d of %,d MiB%n", part.name(), files, part.files(), 100.0 * files / part.files(), secs,
        files / Math.max(secs, 1e-9), Machine.rssBytes() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.maxMemory() >> 20);
  }

  private void writeDirectory(Part part, ObjectId top, Path localTop, int d, ByteBuffer buf,
      AtomicLong created) throws IOException {
    String dirName = part.name().startsWith("scan") ? String.format("d%04d", d) : String.format("d%03d", d);
    ObjectId dir = volume.mkdir(top, dirName, 0755, OWNER).id();
    Path localDir = part.mirrored() ? Files.createDirectories(localTop.resolve(dirName)) : null;
    int first = d * part.perDirectory();
    int last = Math.min(part.files(), first + part.perDirectory());
    String nameFormat = part.size() == 0 ? (part.files() > 1_000_000 ? "%08d" : "%06d") : "%06d.bin";
    for (int i = first; i < last; i++) {
      String name = String.format(nameFormat, i);
      Attributes file = volume.create(dir, name, 0644, OWNER, true);
      created.incrementAndGet();
      if (part.size() == 0) {
        if (localDir != null) {
          Files.createFile(localDir.resolve(name));
        }
        continue;
      }
      fill(buf, part, i);
      long t0 = System.nanoTime();
      try (FileHandle h = volume.open(file.id(), OpenMode.WRITE)) {
        writeFully(h, buf.duplicate());
      }
      long t1 = System.nanoTime();
      engineNanos.addAndGet(t1 - t0);
      if (localDir == null) {
        continue;
      }
      try (FileChannel ch = FileChannel.open(localDir.resolve(name), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer b = buf.duplicate();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      localNanos.addAndGet(System.nanoTime() - t1);
    }
  }

  /** Fills buf (size bytes) with the content of file i of the tree: i, then random bytes. */
  static void fill(ByteBuffer buf, Part part, int i) {
    buf.clear().limit(part.size());
    SplittableRandom random = new SplittableRandom(i * 31L + part.name().hashCode());
    buf.putLong(i);
    while (buf.remaining() >= 8) {
      buf.putLong(random.nextLong());
    }
    while (buf.hasRemaining()) {
      buf.put((byte) random.nextInt());
    }
    buf.flip();
  }

  private static void writeFully(FileHandle h, ByteBuffer b) {
    long pos = 0;
    while (b.hasRemaining()) {
      pos += h.write(pos, b);
    }
  }

  @Override
  public void close() {
    dfs.sync();
    dfs.close();
  }
}

package dev.estuary.bench.nfs.internal;

import dev.estuary.bench.support.ProcessCpu;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.Types.DirEntry;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark's workloads on one server, each timed from the first request to the last reply with
 * the server's CPU time read around the same interval. Every workload opens its own sessions first (one
 * NFSv4.1 client per worker thread, like N hosts) and destroys them afterwards, untimed: a session never
 * idles past its lease while the other server is measured. Data is checked: every 4 KiB page of the
 * files written carries its own offset in its first 8 bytes, and reads compare it.
 */
public final class Workloads {
  /** One sequential I/O. */
  public static final int CHUNK = 1 << 20;

  /** One random I/O. */
  public static final int PAGE = 4096;

  /** OPEN4_SHARE_ACCESS_READ / _WRITE / _BOTH (RFC 8881 §18.16). */
  private static final int ACCESS_READ = 1;

  private static final int ACCESS_WRITE = 2;
  private static final int ACCESS_BOTH = 3;

  /** OPEN4_SHARE_ACCESS_WANT_NO_DELEG: the load client has no back channel to return a delegation on. */
  private static final int WANT_NO_DELEG = 0x0400;

  /** stable_how4 UNSTABLE4 (§18.32). */
  private static final int UNSTABLE = 0;

  /** nfs_ftype4 NF4DIR, the createtype4 of CREATE for a directory (§18.4). */
  private static final int NF4DIR = 2;

  /** The current stateid (§16.2.3.1.2): seqid 1, other all zero; CLOSE after OPEN in one COMPOUND. */
  private static final Stateid CURRENT = new Stateid(1, Bytes.of(new byte[12]));

  /** What {@code stat(2)} needs, as the Linux client asks it on a GETATTR after LOOKUP. */
  private static final Bitmap STAT_ATTRS = Bitmap.of(1, 3, 4, 8, 20, 33, 35, 36, 37, 45, 47, 52, 53);

  /** What the Linux client asks of READDIR for getdents(2): rdattr_error, type, fileid, mounted_on_fileid. */
  private static final Bitmap READDIR_ATTRS = Bitmap.of(1, 11, 20, 55);

  private static final int READDIR_COUNT = 65536;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final PrintStream progress;
  private final int sessions;

  /**
   * The measured interval of a workload.
   *
   * @param ops operations done (1 MiB each for the sequential workloads, entries for readdir)
   * @param seconds wall-clock time
   * @param serverCpuSeconds the server process's CPU time in that interval
   * @param clientCpuSeconds this load client's CPU time in that interval (the same 2 cores)
   */
  public record Measurement(long ops, double seconds, double serverCpuSeconds, double clientCpuSeconds) {}

  /**
   * @param progress where progress lines go (stderr)
   * @param sessions concurrent clients per workload
   */
  public Workloads(PrintStream progress, int sessions) {
    this.progress = progress;
    this.sessions = sessions;
  }

  /** A file as one client opened it. */
  private record Opened(Bytes fh, Stateid stateid) {}

  /** What a workload does with its sessions between the clock readings. */
  @FunctionalInterface
  private interface Job {
    void run(int worker, NfsSession s) throws IOException;
  }

  /** What a workload does per session before or after the timed part. */
  @FunctionalInterface
  private interface Step {
    void run(int worker, NfsSession s) throws IOException;
  }

  /** The root file handle of the export: PUTROOTFH, LOOKUP of each path component, GETFH. */
  public static Bytes rootHandle(NfsSession s, List<String> path) throws IOException {
    List<NfsArgs> ops = new ArrayList<>();
    ops.add(new NfsArgs.PutRootFh());
    for (String c : path) {
      ops.add(new NfsArgs.Lookup(Bytes.utf8(c)));
    }
    ops.add(new NfsArgs.GetFh());
    List<NfsResult> r = s.compound(ops.toArray(NfsArgs[]::new));
    return ((NfsResult.GetFhOk) r.getLast().body()).object();
  }

  /** CREATE of a directory (mode 0755) in {@code dir}; returns its handle. */
  public static Bytes mkdir(NfsSession s, Bytes dir, String name) throws IOException {
    List<NfsResult> r = s.compound(new NfsArgs.PutFh(dir), new NfsArgs.Create(new NfsArgs.CreateType(NF4DIR, null, null),
        Bytes.utf8(name), mode(0755)), new NfsArgs.GetFh());
    return ((NfsResult.GetFhOk) r.getLast().body()).object();
  }

  private static Fattr4 mode(int mode) {
    return FileAttrs.builder().set(FileAttr.MODE, mode).build().encode();
  }

  private static Opened open(NfsSession s, Bytes dir, String name, int access, boolean create) throws IOException {
    List<NfsResult> r = s.compound(new NfsArgs.PutFh(dir), new NfsArgs.Open(0, access | WANT_NO_DELEG, 0,
        s.owner("bench"), create ? new NfsArgs.CreateHow.Unchecked(mode(0644)) : null,
        new NfsArgs.OpenClaim.Null(Bytes.utf8(name))), new NfsArgs.GetFh());
    NfsResult.OpenOk ok = (NfsResult.OpenOk) r.get(1).body();
    return new Opened(((NfsResult.GetFhOk) r.get(2).body()).object(), ok.stateid());
  }

  private static void close(NfsSession s, Opened o) throws IOException {
    s.compound(new NfsArgs.PutFh(o.fh()), new NfsArgs.Close(0, o.stateid()));
  }

  /**
   * UNSTABLE WRITEs of {@code buf[0, len)} at {@code offset} until the server took every byte (a server may
   * write less than asked, RFC 8881 §18.32.3, and the client sends the rest, as Linux does).
   *
   * @return the write verifier
   */
  private static Bytes write(NfsSession s, Opened f, byte[] buf, int len, long offset) throws IOException {
    Bytes verifier = null;
    for (int done = 0; done < len; ) {
      NfsResult.WriteOk ok = (NfsResult.WriteOk) s.compoundWithPayload(buf, done, len - done, new NfsArgs.PutFh(f.fh()),
          new NfsArgs.Write(f.stateid(), offset + done, UNSTABLE, Bytes.EMPTY)).getLast().body();
      check(ok.count() > 0 && ok.count() <= len - done, s, "WRITE of " + (len - done) + " bytes at " + (offset + done)
          + " wrote " + Integer.toUnsignedString(ok.count()) + " (expected: 1.." + (len - done) + ")");
      check(verifier == null || verifier.equals(ok.writeVerifier()), s, "WRITE verifier changed from " + verifier
          + " to " + ok.writeVerifier() + " (expected: the same, no restart)");
      verifier = ok.writeVerifier();
      done += ok.count();
    }
    return Objects.requireNonNull(verifier);
  }

  /**
   * READs {@code len} bytes at {@code offset}, continuing after a short read (a server may return less
   * than asked, RFC 8881 §18.22.3); the end of the file before {@code len} bytes is an error.
   *
   * @return the bytes when {@code wanted} (a copy), else null
   */
  private static byte @Nullable [] read(NfsSession s, Opened f, long offset, int len, boolean wanted) throws IOException {
    byte[] out = null;
    for (int done = 0; done < len; ) {
      NfsResult.ReadOk ok = (NfsResult.ReadOk) s.compound(new NfsArgs.PutFh(f.fh()),
          new NfsArgs.Read(f.stateid(), offset + done, len - done)).getLast().body();
      int n = ok.data().length();
      check(n > 0 && n <= len - done && !(ok.eof() && done + n < len), s, "READ of " + (len - done)
          + " bytes at " + (offset + done) + " returned " + n + (ok.eof() ? " and eof" : "") + " (expected: "
          + (len - done) + " bytes of a longer file)");
      if (n == len && !wanted) {
        return null;
      }
      if (n == len) {
        return ok.data().toArray();
      }
      if (out == null) {
        out = new byte[len];
      }
      System.arraycopy(ok.data().toArray(), 0, out, done, n);
      done += n;
    }
    return wanted ? out : null;
  }

  /**
   * Sequential 1 MiB UNSTABLE WRITEs of a new file of {@code chunks} MiB, the sessions taking the next
   * chunk in turn (so the file grows front to back with {@code sessions} writes in flight), then one
   * COMMIT of the whole file, timed together.
   */
  public Measurement sequentialWrite(Server server, Bytes dir, String name, long chunks) throws Exception {
    Opened[] files = new Opened[sessions];
    @Nullable Bytes[] verifiers = new Bytes[sessions];
    AtomicLong next = new AtomicLong();
    byte[][] buffers = new byte[sessions][];
    return run(server, "sequential write " + name, chunks, (w, s) -> {
      files[w] = open(s, dir, name, ACCESS_BOTH, true);
      buffers[w] = new byte[CHUNK];
      new Random(w).nextBytes(buffers[w]);
    }, (w, s) -> {
      byte[] buf = buffers[w];
      for (long c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        long offset = c * CHUNK;
        stamp(buf, 0, CHUNK, offset);
        verifiers[w] = write(s, files[w], buf, CHUNK, offset);
        done();
      }
      // Each session waits for its own writes; the last to finish commits the whole file (§18.3: COMMIT
      // of offset 0, count 0 flushes the whole file).
      if (finished.incrementAndGet() == sessions) {
        Bytes v = ((NfsResult.CommitOk) s.compound(new NfsArgs.PutFh(files[w].fh()), new NfsArgs.Commit(0, 0)).getLast()
            .body()).writeVerifier();
        for (Bytes written : verifiers) {
          check(written == null || written.equals(v), s, "COMMIT verifier " + v + " differs from a WRITE's " + written
              + " (expected: the same: the server did not restart)");
        }
      }
    }, (w, s) -> close(s, files[w]));
  }

  /** Sequential 1 MiB READs of the file {@code sequentialWrite} wrote, every 16th chunk's stamps checked. */
  public Measurement sequentialRead(Server server, Bytes dir, String name, long chunks) throws Exception {
    Opened[] files = new Opened[sessions];
    AtomicLong next = new AtomicLong();
    return run(server, "sequential read " + name, chunks, (w, s) -> files[w] = open(s, dir, name, ACCESS_READ, false),
        (w, s) -> {
          for (long c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            long offset = c * CHUNK;
            byte[] data = read(s, files[w], offset, CHUNK, c % 16 == 0);
            if (data != null) {
              checkStamps(s, data, offset);
            }
            done();
          }
        }, (w, s) -> close(s, files[w]));
  }

  /** {@code count} READs of 4 KiB at random 4 KiB-aligned offsets of a file of {@code size} bytes. */
  public Measurement randomRead(Server server, Bytes dir, String name, long size, long count) throws Exception {
    Opened[] files = new Opened[sessions];
    AtomicLong next = new AtomicLong();
    long pages = size / PAGE;
    return run(server, "random read " + name, count, (w, s) -> files[w] = open(s, dir, name, ACCESS_READ, false),
        (w, s) -> {
          SplittableRandom random = new SplittableRandom(1000 + w);
          while (next.getAndIncrement() < count) {
            long offset = random.nextLong(pages) * PAGE;
            checkStamps(s, Objects.requireNonNull(read(s, files[w], offset, PAGE, true)), offset);
            done();
          }
        }, (w, s) -> close(s, files[w]));
  }

  /** {@code count} UNSTABLE WRITEs of 4 KiB at random aligned offsets, then a COMMIT per session, timed together. */
  public Measurement randomWrite(Server server, Bytes dir, String name, long size, long count) throws Exception {
    Opened[] files = new Opened[sessions];
    AtomicLong next = new AtomicLong();
    long pages = size / PAGE;
    return run(server, "random write " + name, count, (w, s) -> files[w] = open(s, dir, name, ACCESS_BOTH, false),
        (w, s) -> {
          SplittableRandom random = new SplittableRandom(2000 + w);
          byte[] buf = new byte[PAGE];
          random.nextBytes(buf);
          while (next.getAndIncrement() < count) {
            long offset = random.nextLong(pages) * PAGE;
            stamp(buf, 0, PAGE, offset);
            write(s, files[w], buf, PAGE, offset);
            done();
          }
          // What close(2) of a file written through the Linux client does: COMMIT what is unstable.
          s.compound(new NfsArgs.PutFh(files[w].fh()), new NfsArgs.Commit(0, 0));
        }, (w, s) -> close(s, files[w]));
  }

  /** Creates {@code count} empty files named {@link #fileName} in {@code dir}: OPEN (create, GUARDED) + CLOSE in one COMPOUND. */
  public Measurement create(Server server, Bytes dir, String label, int count) throws Exception {
    AtomicLong next = new AtomicLong();
    Fattr4 attrs = mode(0644);
    return run(server, "create " + label, count, null, (w, s) -> {
      for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        s.compound(new NfsArgs.PutFh(dir), new NfsArgs.Open(0, ACCESS_WRITE | WANT_NO_DELEG, 0, s.owner("bench"),
            new NfsArgs.CreateHow.Guarded(attrs), new NfsArgs.OpenClaim.Null(Bytes.utf8(fileName(i)))),
            new NfsArgs.Close(0, CURRENT));
        done();
      }
    }, null);
  }

  /** LOOKUP + GETATTR (what stat(2) asks) of every file, in a shuffled order. */
  public Measurement stat(Server server, Bytes dir, String label, int count) throws Exception {
    int[] order = shuffled(count);
    AtomicLong next = new AtomicLong();
    return run(server, "stat " + label, count, null, (w, s) -> {
      for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        List<NfsResult> r = s.compound(new NfsArgs.PutFh(dir), new NfsArgs.Lookup(Bytes.utf8(fileName(order[(int) i]))),
            new NfsArgs.GetAttr(STAT_ATTRS));
        check(r.getLast().body() instanceof NfsResult.GetAttrOk, s, "GETATTR answered no attributes");
        done();
      }
    }, null);
  }

  /** Every session lists the whole directory with READDIR (64 KiB replies, getdents' attributes): entries/s. */
  public Measurement readdir(Server server, Bytes dir, String label, int count) throws Exception {
    return run(server, "readdir " + label, (long) count * sessions, null, (w, s) -> {
      long cookie = 0;
      Bytes verifier = Bytes.of(new byte[8]);
      long seen = 0;
      while (true) {
        NfsResult.ReadDirOk ok = (NfsResult.ReadDirOk) s.compound(new NfsArgs.PutFh(dir),
            new NfsArgs.ReadDir(cookie, verifier, READDIR_COUNT, READDIR_COUNT, READDIR_ATTRS)).getLast().body();
        for (DirEntry e : ok.entries()) {
          cookie = e.cookie();
          seen++;
          done();
        }
        verifier = ok.cookieVerf();
        if (ok.eof()) {
          break;
        }
        check(!ok.entries().isEmpty(), s, "READDIR answered no entries and no eof");
      }
      check(seen == count, s, "READDIR listed " + seen + " entries (expected: " + count + ")");
    }, null);
  }

  /** REMOVE of every file. */
  public Measurement remove(Server server, Bytes dir, String label, int count) throws Exception {
    AtomicLong next = new AtomicLong();
    return run(server, "remove " + label, count, null, (w, s) -> {
      for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        s.compound(new NfsArgs.PutFh(dir), new NfsArgs.Remove(Bytes.utf8(fileName(i))));
        done();
      }
    }, null);
  }

  /** @return the name of file {@code i} of a metadata directory */
  public static String fileName(long i) {
    return String.format(Locale.ROOT, "f%07d", i);
  }

  // --- the harness ---------------------------------------------------------------------------------

  private final AtomicLong progressCount = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();

  private void done() {
    progressCount.incrementAndGet();
  }

  private Measurement run(Server server, String label, long total, @Nullable Step before, Job job,
      @Nullable Step after) throws Exception {
    List<NfsSession> open = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(sessions, r -> {
      Thread t = new Thread(r, "nfs-bench-" + server.name());
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < sessions; i++) {
        open.add(NfsSession.open(server.address(), "nfs-bench-" + server.name() + "-" + label.replace(' ', '-') + "-" + i,
            0, 0));
      }
      if (before != null) {
        forEach(pool, open, before);
      }
      progressCount.set(0);
      finished.set(0);
      long self = ProcessHandle.current().pid();
      long client0 = ProcessCpu.ofProcess(self, "the load client");
      long cpu0 = server.cpuNanos();
      long t0 = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        int w = i;
        NfsSession s = open.get(i);
        futures.add(pool.submit(() -> {
          job.run(w, s);
          return null;
        }));
      }
      await(futures, server.name() + " " + label, total, t0);
      long t1 = System.nanoTime();
      long cpu1 = server.cpuNanos();
      long client1 = ProcessCpu.ofProcess(self, "the load client");
      if (after != null) {
        forEach(pool, open, after);
      }
      return new Measurement(total, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, (client1 - client0) / 1e9);
    } finally {
      for (NfsSession s : open) {
        try {
          s.close();
        } catch (IOException e) {
          progress.println("nfs-bench: closing " + s + ": " + e.getMessage());
        }
      }
      pool.shutdownNow();
    }
  }

  private void forEach(ExecutorService pool, List<NfsSession> open, Step step) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < open.size(); i++) {
      int w = i;
      futures.add(pool.submit(() -> {
        step.run(w, open.get(w));
        return null;
      }));
    }
    for (Future<?> f : futures) {
      get(f);
    }
  }

  /** Waits for the workers, printing progress every 10% or 5 s (only for phases that last over a second). */
  private void await(List<Future<?>> futures, String label, long total, long t0) throws Exception {
    long lastPrint = t0;
    long lastTenth = 0;
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get(200, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException running) {
          long now = System.nanoTime();
          long n = progressCount.get();
          long tenth = total == 0 ? 0 : n * 10 / total;
          if (now - t0 > 1_000_000_000L && (tenth > lastTenth || now - lastPrint > 5_000_000_000L)) {
            progress.printf(Locale.ROOT, "nfs-bench:   %s: %,d of %,d (%d%%) after %.1f s%n", label, n, total,
                total == 0 ? 100 : n * 100 / total, (now - t0) / 1e9);
            lastPrint = now;
            lastTenth = tenth;
          }
        } catch (ExecutionException e) {
          futures.forEach(x -> x.cancel(true));
          throw unwrap(e);
        }
      }
    }
  }

  private static void get(Future<?> f) throws Exception {
    try {
      f.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static Exception unwrap(ExecutionException e) {
    return e.getCause() instanceof Exception c ? c : e;
  }

  private static int[] shuffled(int count) {
    int[] a = new int[count];
    for (int i = 0; i < count; i++) {
      a[i] = i;
    }
    Random r = new Random(42);
    for (int i = count - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** Writes each 4 KiB page's file offset into its first 8 bytes. */
  static void stamp(byte[] buf, int off, int len, long fileOffset) {
    for (int p = 0; p < len; p += PAGE) {
      LONGS.set(buf, off + p, fileOffset + p);
    }
  }

  private static void checkStamps(NfsSession s, byte[] data, long fileOffset) throws IOException {
    for (int p = 0; p + 8 <= data.length; p += PAGE) {
      long got = (long) LONGS.get(data, p);
      check(got == fileOffset + p, s, "data at offset " + (fileOffset + p) + " carries the stamp " + got
          + " (expected: its own offset)");
    }
  }

  private static void check(boolean ok, NfsSession s, String message) throws IOException {
    if (!ok) {
      throw new IOException(s + ": " + message);
    }
  }
}

package dev.estuary.dataset.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.ScanBatchBuilder;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dataset.proto.ScanSummary;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The parallel namespace walk behind Scan. Workers on the scan pool list directories whole
 * ({@code readdir} with attributes in pages of {@value #PAGE}: one backend call per page, never one
 * per entry) and queue the subdirectories they find; one emitter turns listings into batches:
 *
 * <ul>
 *   <li>unordered: listings in the order they complete (fastest);
 *   <li>ordered: depth first in each directory's sorted order, so the output is the same on every
 *       call. Workers take the directory that comes first in that order, and the emitter lists a
 *       directory itself when it needs one nobody has started, so it never waits on a queue.
 * </ul>
 *
 * <p>Memory is bounded: workers pause while more than {@value #BUDGET_ENTRIES} listed entries wait
 * for the emitter, and the emitter blocks when {@value #OUT_CAPACITY} batches wait for the client.
 * Files the caller may not read are skipped and counted in the summary's {@code skipped}, and so
 * are directories it may not list and search (their contents are not walked), as {@code find}
 * reports and skips what it cannot enter; the root itself must be listable (PERMISSION_DENIED).
 * Where pydaos.torch splits directories by DAOS redundancy group and fans out over worker
 * processes (daos.md §3.3), this walks many directories at once inside the server.
 */
final class ScanWalker implements MessageSource<ScanResponse> {
  static final int PAGE = 4096;
  static final long BUDGET_ENTRIES = 256 * 1024;
  static final int OUT_CAPACITY = 8;

  private final CheckedVolume volume;
  private final ScanFilter filter;
  private final boolean ordered;
  private final int rank;
  private final int world;
  private final ScanBatchBuilder batch;
  private final OpContext ctx;
  private final Runnable wake;
  private final Dir root;

  private final ArrayBlockingQueue<ScanResponse> out = new ArrayBlockingQueue<>(OUT_CAPACITY);
  private final PriorityBlockingQueue<Dir> pending = new PriorityBlockingQueue<>(64, Dir.ORDER);
  private final LinkedBlockingQueue<Dir> completed = new LinkedBlockingQueue<>();
  /** Directories queued or being listed. */
  private final AtomicLong unlisted = new AtomicLong();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong dirs = new AtomicLong();
  /** Directories not walked because the caller may not list and search them. */
  private final AtomicLong deniedDirs = new AtomicLong();
  private final Object budget = new Object();
  private volatile boolean stopped;
  private volatile @Nullable Throwable failure;
  private volatile boolean outputDone;

  // Emitter-only state.
  private long total;
  private long files;
  private long bytes;
  private long skipped;
  private long startNanos;

  ScanWalker(
      CheckedVolume volume, ObjectId rootId, ScanFilter filter, boolean ordered, int rank, int world,
      ScanBatchBuilder batch, OpContext ctx, Runnable wake) {
    this.volume = volume;
    this.filter = filter;
    this.ordered = ordered;
    this.rank = rank;
    this.world = world;
    this.batch = batch;
    this.ctx = ctx;
    this.wake = wake;
    this.root = new Dir("", rootId);
  }

  void start() {
    startNanos = System.nanoTime();
    unlisted.set(1);
    pending.add(root);
    for (int i = 0; i < ctx.scanParallelism(); i++) {
      ctx.scanPool().execute(this::work);
    }
    ctx.coordinator().execute(this::emit);
  }

  // ---- Workers ----

  private void work() {
    try {
      while (!stopped) {
        Dir d = pending.poll(20, TimeUnit.MILLISECONDS);
        if (d == null) {
          if (unlisted.get() == 0) {
            return;
          }
          continue;
        }
        if (d.claimed.get()) {
          continue;
        }
        awaitBudget();
        list(d);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void awaitBudget() throws InterruptedException {
    synchronized (budget) {
      while (!stopped && buffered.get() >= BUDGET_ENTRIES) {
        budget.wait(20);
      }
    }
  }

  private void release(int entries) {
    if (buffered.addAndGet(-entries) < BUDGET_ENTRIES) {
      synchronized (budget) {
        budget.notifyAll();
      }
    }
  }

  /** Lists a directory unless someone else has claimed it; returns whether this call did. */
  private boolean list(Dir d) {
    if (!d.claimed.compareAndSet(false, true)) {
      return false;
    }
    try {
      List<DirEntry> all = new ArrayList<>();
      DirCursor cursor = DirCursor.START;
      // The reserved root entries (the S3 multipart area) are never listed: the volume's
      // reserved-names decorator leaves them out of every listing (issue 8 item 6).
      while (!stopped) {
        DirPage page = volume.readdir(d.id, cursor, PAGE, true);
        all.addAll(page.entries());
        cursor = page.next();
        if (page.end() || page.entries().isEmpty()) {
          break;
        }
      }
      @Nullable Dir[] kids = new Dir[all.size()];
      for (int i = 0; i < kids.length; i++) {
        DirEntry e = all.get(i);
        if (e.type() == ObjectType.DIRECTORY) {
          String rel = child(d.rel, e.name());
          if (filter.walks(rel) && !volume.mayDescend(attributes(e))) {
            deniedDirs.incrementAndGet();
          } else if (filter.walks(rel)) {
            Dir k = new Dir(rel, e.id());
            kids[i] = k;
            unlisted.incrementAndGet();
            pending.add(k);
          }
        }
      }
      dirs.incrementAndGet();
      buffered.addAndGet(all.size());
      d.listing.complete(new Listing(all, kids));
      if (!ordered) {
        completed.add(d);
      }
    } catch (Throwable t) {
      // A directory removed mid-walk: name it relative to the scan root, not by its object id.
      Throwable f = t instanceof DfsException e
          ? new BackendError(e.kind(), "directory: " + Echo.quote(d.rel) + " under the scan root "
              + BackendError.reason(e), e)
          : t;
      d.listing.completeExceptionally(f);
      fail(f);
    } finally {
      unlisted.decrementAndGet();
    }
    return true;
  }

  // ---- Emitter ----

  private void emit() {
    try {
      if (ordered) {
        emitOrdered();
      } else {
        emitUnordered();
      }
      ScanResponse.Builder last = batch.take();
      last.setSummary(ScanSummary.newBuilder()
          .setFiles(files).setBytes(bytes).setTotalFiles(total).setDirectories(dirs.get())
          .setSkipped(skipped + deniedDirs.get()).setElapsedNanos(System.nanoTime() - startNanos));
      push(last.build());
      outputDone = true;
      wake.run();
    } catch (Throwable t) {
      fail(t);
    } finally {
      stopped = true;
    }
  }

  private void emitOrdered() throws InterruptedException, ExecutionException {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root, await(root)));
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next == f.listing.entries.size()) {
        stack.pop();
        release(f.listing.entries.size());
        continue;
      }
      int i = f.next++;
      Dir kid = f.listing.kids[i];
      if (kid != null) {
        stack.push(new Frame(kid, await(kid)));
      } else {
        entry(f.dir.rel, f.listing.entries.get(i));
      }
    }
  }

  private void emitUnordered() throws InterruptedException {
    while (true) {
      checkStopped();
      Dir d = completed.poll(5, TimeUnit.MILLISECONDS);
      if (d == null) {
        // Help when the pool is busy with other scans, so this one always progresses.
        Dir p = pending.poll();
        if (p != null) {
          list(p);
          continue;
        }
        if (unlisted.get() == 0 && completed.isEmpty()) {
          return;
        }
        continue;
      }
      Listing l = d.listing.getNow(null);
      if (l == null) {
        continue;
      }
      for (DirEntry e : l.entries) {
        if (e.type() != ObjectType.DIRECTORY) {
          entry(d.rel, e);
        }
      }
      release(l.entries.size());
    }
  }

  /** Returns a directory's listing, listing it here if no worker has started it. */
  private Listing await(Dir d) throws InterruptedException, ExecutionException {
    list(d);
    while (true) {
      checkStopped();
      try {
        return d.listing.get(20, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // check for cancellation, then wait again
      }
    }
  }

  private void entry(String parentRel, DirEntry e) throws InterruptedException {
    if (e.type() == ObjectType.DIRECTORY) {
      return; // a directory the prefix rules out
    }
    if (e.type() != ObjectType.FILE) {
      skipped++;
      return;
    }
    String rel = child(parentRel, e.name());
    if (!filter.matches(rel, e.name())) {
      return;
    }
    if (!volume.mayRead(attributes(e))) {
      skipped++; // before sharding, so every rank of one caller agrees on the numbering
      return;
    }
    long i = total++;
    if (i % world != rank) {
      return;
    }
    long size = e.attributes() != null ? e.attributes().size() : 0;
    files++;
    bytes += size;
    if (batch.add(rel, size, e.id().hi(), e.id().lo())) {
      ScanResponse m = batch.take().build();
      ctx.metrics().scanned(m.getPathsCount());
      push(m);
    }
  }

  private void push(ScanResponse m) throws InterruptedException {
    while (!out.offer(m, 20, TimeUnit.MILLISECONDS)) {
      checkStopped();
    }
    wake.run();
  }

  private void checkStopped() {
    if (stopped) {
      throw new CancellationException("scan stopped");
    }
  }

  private void fail(Throwable t) {
    if (failure == null && !(t instanceof CancellationException && stopped)) {
      failure = t;
    }
    stopped = true;
    wake.run();
  }

  private Attributes attributes(DirEntry e) {
    Attributes a = e.attributes();
    return a != null ? a : volume.getAttributes(e.id());
  }

  private static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }

  // ---- MessageSource ----

  @Override
  public @Nullable ScanResponse poll() throws Exception {
    Throwable f = failure;
    if (f != null) {
      if (f instanceof Exception ex) {
        throw ex;
      }
      throw new ExecutionException(f);
    }
    return out.poll();
  }

  @Override
  public boolean finished() {
    return outputDone && out.isEmpty();
  }

  @Override
  public void close() {
    stopped = true;
    out.clear();
    pending.clear();
  }

  // ---- Records ----

  /** A directory to list, with its listing once done. */
  static final class Dir {
    /**
     * Depth-first order of paths: compared character by character with '/' lowest, which sorts
     * "a/x" before "a.b" as component-wise comparison does.
     */
    static final Comparator<Dir> ORDER = (a, b) -> {
      String x = a.rel;
      String y = b.rel;
      int n = Math.min(x.length(), y.length());
      for (int i = 0; i < n; i++) {
        int cx = x.charAt(i) == '/' ? 0 : x.charAt(i) + 1;
        int cy = y.charAt(i) == '/' ? 0 : y.charAt(i) + 1;
        if (cx != cy) {
          return Integer.compare(cx, cy);
        }
      }
      return Integer.compare(x.length(), y.length());
    };

    final String rel;
    final ObjectId id;
    final AtomicBoolean claimed = new AtomicBoolean();
    final CompletableFuture<Listing> listing = new CompletableFuture<>();

    Dir(String rel, ObjectId id) {
      this.rel = rel;
      this.id = id;
    }
  }

  /** A directory's entries in sorted order, and the subdirectories to descend into (else null). */
  record Listing(List<DirEntry> entries, @Nullable Dir[] kids) {}

  private static final class Frame {
    final Dir dir;
    final Listing listing;
    int next;

    Frame(Dir dir, Listing listing) {
      this.dir = dir;
      this.listing = listing;
    }
  }
}

package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Authorizer;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.s3.internal.codec.LifecycleConfiguration;
import dev.estuary.s3.internal.codec.LifecycleConfiguration.Rule;
import dev.estuary.s3.internal.codec.UploadRecord;
import dev.estuary.s3.internal.error.S3Exception;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the buckets' lifecycle rules ({@link BucketLifecycle}): a background task on an
 * injected scheduler that, every interval, walks the buckets that have enabled rules and
 *
 * <ul>
 *   <li>aborts incomplete multipart uploads initiated more than {@code DaysAfterInitiation} days
 *       ago (rounded up to midnight UTC, as S3 counts days) under the rule's prefix, through the
 *       same locks and claim check as AbortMultipartUpload ({@link UploadLocks}, {@link
 *       UploadClaims});
 *   <li>removes current objects a rule's {@code Expiration} (days after the last write, or a date)
 *       has reached, when they match its prefix, tags and size bounds; the directories this
 *       leaves empty go too, as a DeleteObject prunes them (S3 has no empty prefixes).
 * </ul>
 *
 * <p>Times come from the injected {@link Clock} (the engine stamps objects from the same clock),
 * so tests move time instead of waiting. The work per run is bounded ({@code budget} objects
 * examined); a run that stops there records where (bucket and path, walked in name order) and the
 * next run resumes after it, so a large bucket is covered over several runs rather than holding
 * the task for hours. An object replaced or changed between being examined and being removed is
 * left alone (compared by id and change counter just before the remove); one the backend refuses
 * to remove (a locked version) is skipped and counted, not an error. Counts go to Micrometer
 * ({@code estuary.s3.lifecycle.*}); log lines are DEBUG per object and one INFO line per run that
 * removed anything.
 *
 * <p>The task acts for the gateway, not for a user: it uses the backend without per-user checks,
 * as the bucket owner's configuration asks.
 */
public final class LifecycleRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LifecycleRunner.class);
  private static final int PAGE = 1000;

  /**
   * What one run did.
   *
   * @param examined objects and uploads looked at
   * @param expired objects removed
   * @param aborted multipart uploads aborted
   * @param skipped objects due but left (changed meanwhile, or refused by the backend)
   * @param finished whether the run reached the end of every bucket (false: the budget ran out
   *     and the next run resumes where this one stopped)
   */
  public record Summary(long examined, long expired, long aborted, long skipped,
      boolean finished) {}

  /** Who the task acts as: the gateway itself, root on every bucket (see the class comment). */
  private static final Principal GATEWAY = new Principal("lifecycle", 0, 0, true,
      Map.of(Authorizer.ALL_VOLUMES, Permission.ADMIN));

  private final Store store;
  private final Versions versions;
  private final Dfs dfs;
  private final Clock clock;
  private final UploadLocks locks;
  private final ScheduledExecutorService scheduler;
  private final Duration interval;
  private final int budget;
  private final Counter examinedTotal;
  private final Counter expiredTotal;
  private final Counter abortedTotal;
  private final Counter skippedTotal;
  private final Counter runsTotal;
  private final ReentrantLock running = new ReentrantLock();
  private @Nullable ScheduledFuture<?> scheduled;
  // Where the last unfinished run stopped; guarded by running.
  private @Nullable String resumeBucket;
  private List<String> resumePath = List.of();
  // Whether the run that stopped there removed anything: the directories on the way to the resume
  // point may have been emptied by it, so the resumed walk prunes them when they are empty.
  private boolean resumeDirty;

  /**
   * Creates the task; nothing runs until {@link #start()} or {@link #runOnce()}.
   *
   * @param store the backend and the clock
   * @param versions the versioning service shared with the handlers (its per-key locks)
   * @param locks the per-upload locks shared with the multipart handlers
   * @param scheduler runs the periodic task; owned by the caller
   * @param interval time between the end of one run and the start of the next; zero: never
   *     scheduled (only {@link #runOnce()})
   * @param budget the most objects one run examines (at least 1)
   * @param registry where the counters go
   */
  public LifecycleRunner(Store store, Versions versions, UploadLocks locks,
      ScheduledExecutorService scheduler, Duration interval, int budget, MeterRegistry registry) {
    this.store = store;
    this.versions = requireNonNull(versions, "versions");
    this.dfs = store.dfs();
    this.clock = store.clock();
    this.locks = requireNonNull(locks, "locks");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.interval = requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: >= 0)");
    }
    if (budget < 1) {
      throw new IllegalArgumentException("budget: " + budget + " (expected: >= 1)");
    }
    this.budget = budget;
    this.examinedTotal = counter(registry, "examined", "objects and uploads examined");
    this.expiredTotal = counter(registry, "expired", "objects removed by an Expiration rule");
    this.abortedTotal = counter(registry, "aborted", "incomplete multipart uploads aborted");
    this.skippedTotal = counter(registry, "skipped",
        "objects due but left: changed meanwhile or refused by the backend (locked)");
    this.runsTotal = counter(registry, "runs", "lifecycle runs");
  }

  private static Counter counter(MeterRegistry r, String name, String description) {
    return Counter.builder("estuary.s3.lifecycle." + name).description(description).register(r);
  }

  /** Schedules the periodic runs (first one after one interval); nothing when the interval is 0. */
  public synchronized void start() {
    if (!interval.isZero() && scheduled == null) {
      scheduled = scheduler.scheduleWithFixedDelay(this::scheduledRun, interval.toMillis(),
          interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void scheduledRun() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // A failing run must not end the schedule: log it and try again next interval.
      log.warn("lifecycle run failed: {}", e.toString(), e);
    }
  }

  /** Cancels the periodic runs; a run under way finishes. */
  @Override
  public synchronized void close() {
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
  }

  /**
   * Runs once now, on the calling thread, after any run under way (the scheduled task calls this
   * too; tests call it to make the task happen deterministically).
   *
   * @return what the run did
   */
  public Summary runOnce() {
    running.lock();
    try {
      runsTotal.increment();
      Run run = new Run(clock.instant(), budget);
      List<String> names = new ArrayList<>(dfs.listVolumes().stream().map(VolumeInfo::name).toList());
      Collections.sort(names);
      int start = 0;
      if (resumeBucket != null) {
        int i = Collections.binarySearch(names, resumeBucket);
        start = i >= 0 ? i : -i - 1;
      }
      boolean finished = true;
      // From where the last run stopped to the last bucket; the run after a finished one
      // starts again at the first.
      for (int n = start; n < names.size(); n++) {
        String name = names.get(n);
        List<String> from = n == start && name.equals(resumeBucket) ? resumePath : List.of();
        Optional<List<String>> stopped = bucket(name, from, run);
        if (stopped.isPresent()) {
          resumeBucket = name;
          resumePath = stopped.get();
          resumeDirty = run.expired > 0;
          finished = false;
          break;
        }
      }
      if (finished) {
        resumeBucket = null;
        resumePath = List.of();
      }
      Summary s = new Summary(run.examined, run.expired, run.aborted, run.skipped, finished);
      if (s.expired() > 0 || s.aborted() > 0) {
        log.info("lifecycle run: examined={} expired={} aborted={} skipped={} finished={}",
            s.examined(), s.expired(), s.aborted(), s.skipped(), s.finished());
      } else {
        log.debug("lifecycle run: examined={} skipped={} finished={}", s.examined(), s.skipped(),
            s.finished());
      }
      return s;
    } finally {
      running.unlock();
    }
  }

  /** The state of one run. */
  private static final class Run {
    final Instant now;
    long left;
    long examined;
    long expired;
    long aborted;
    long skipped;

    Run(Instant now, long budget) {
      this.now = now;
      this.left = budget;
    }
  }

  /** One bucket's pass; the path of the last object examined when the budget ran out. */
  private Optional<List<String>> bucket(String name, List<String> from, Run run) {
    Volume v;
    List<Rule> rules;
    try {
      v = dfs.volume(name);
      rules = BucketLifecycle.read(v).map(LifecycleConfiguration::rules).orElse(List.of())
          .stream().filter(Rule::enabled).toList();
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return Optional.empty(); // deleted since listed
      }
      throw e;
    } catch (IllegalStateException e) {
      log.warn("lifecycle: bucket {}: unreadable configuration, skipped: {}", name, e.getMessage());
      return Optional.empty();
    }
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    Versions.State state = Versions.state(v);
    CheckedVolume checked = state == Versions.State.UNVERSIONED ? null
        : store.volume(name, GATEWAY);
    if (from.isEmpty()) {
      abortUploads(v, rules, run);
      if (checked != null) {
        expireVersions(v, checked, rules, run);
      }
    }
    List<Rule> expiring = rules.stream().filter(r -> r.expiration() != null
        && (r.expiration().days() > 0 || r.expiration().date() != null)).toList();
    if (expiring.isEmpty()) {
      return Optional.empty();
    }
    boolean needTags = expiring.stream().anyMatch(r -> !r.filter().tags().isEmpty());
    Walk w = new Walk(v, checked, expiring, needTags, run, !from.isEmpty() && resumeDirty);
    try {
      return w.directory(v.getAttributes(v.root()).id(), new ArrayList<>(), from);
    } finally {
      if (w.syncNeeded) {
        v.syncNamespace();
      }
    }
  }

  /** One version to remove, found by {@link #expireVersions}. */
  private record Due(KeyPath key, String versionId, String rule) {}

  /**
   * In a versioned bucket: removes noncurrent versions a {@code NoncurrentVersionExpiration}
   * reached (days since the next newer version was written, keeping the newest {@code
   * NewerNoncurrentVersions} noncurrent ones) and delete markers that are all a key has left when
   * a rule says {@code ExpiredObjectDeleteMarker}. Versions are removed through {@link Versions}
   * (its per-key lock), as DeleteObject with a version id does. This pass reads every key with
   * older versions each run: it is not bounded by the budget.
   */
  private void expireVersions(Volume v, CheckedVolume checked, List<Rule> rules, Run run) {
    List<Rule> noncurrent = rules.stream().filter(r -> r.noncurrent() != null).toList();
    List<Rule> markers = rules.stream().filter(r -> r.expiration() != null
        && r.expiration().expiredObjectDeleteMarker()).toList();
    if (noncurrent.isEmpty() && markers.isEmpty()) {
      return;
    }
    // Collect first, remove after: removing prunes the area directories being walked.
    List<Due> due = new ArrayList<>();
    Versions.forEachKey(v, area -> {
      KeyPath key = area.getFirst().key();
      List<Versions.Version> all = new ArrayList<>();
      Versions.current(v, key).ifPresent(all::add);
      all.addAll(area);
      if (all.size() == 1 && all.getFirst().deleteMarker()) {
        run.examined++;
        examinedTotal.increment();
        for (Rule r : markers) {
          if (key.key().startsWith(r.filter().prefix())) {
            due.add(new Due(key, all.getFirst().versionId(), r.id()));
            break;
          }
        }
        return;
      }
      for (int j = 1; j < all.size(); j++) {
        Versions.Version x = all.get(j);
        run.examined++;
        examinedTotal.increment();
        Instant since = all.get(j - 1).attributes().modifyTime();
        Map<String, String> tags = x.deleteMarker() ? Map.of() : Versions.meta(v, x).tags();
        for (Rule r : noncurrent) {
          LifecycleConfiguration.NoncurrentExpiration n = r.noncurrent();
          if (j - 1 >= n.newerNoncurrentVersions()
              && r.filter().matches(key.key(), tags, x.attributes().size())
              && !run.now.isBefore(LifecycleConfiguration.afterDays(since, n.noncurrentDays()))) {
            due.add(new Due(key, x.versionId(), r.id()));
            break;
          }
        }
      }
    });
    for (Due d : due) {
      try {
        versions.delete(store, v, checked, d.key(), d.versionId());
        run.expired++;
        expiredTotal.increment();
        log.debug("lifecycle: bucket {}: expired version {} of '{}' (rule '{}')", v.name(),
            d.versionId(), d.key().key(), d.rule());
      } catch (DfsException | S3Exception e) {
        // Refused (a locked version) or changed meanwhile: not an error.
        run.skipped++;
        skippedTotal.increment();
        log.debug("lifecycle: bucket {}: version {} of '{}' not expired: {}", v.name(),
            d.versionId(), d.key().key(), e.getMessage());
      }
    }
  }

  /** Aborts the bucket's uploads that a rule's {@code AbortIncompleteMultipartUpload} reached. */
  private void abortUploads(Volume v, List<Rule> rules, Run run) {
    List<Rule> aborting = rules.stream().filter(r -> r.abortDays() > 0).toList();
    if (aborting.isEmpty()) {
      return;
    }
    Optional<ObjectId> area = Uploads.existingArea(v);
    if (area.isEmpty()) {
      return;
    }
    // Collect first: aborting the last upload removes the area being read.
    List<Map.Entry<String, UploadRecord>> due = new ArrayList<>();
    DirCursor c = DirCursor.START;
    while (true) {
      DirPage p;
      try {
        p = v.readdir(area.get(), c, PAGE, false);
      } catch (DfsException e) {
        if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.STALE) {
          break;
        }
        throw e;
      }
      for (DirEntry e : p.entries()) {
        run.examined++;
        examinedTotal.increment();
        UploadRecord r;
        try {
          r = UploadRecord.decode(v.getXattr(e.id(), UploadRecord.XATTR));
        } catch (DfsException | IllegalArgumentException x) {
          continue; // not an upload (yet), or gone
        }
        Instant initiated = Instant.ofEpochSecond(0, r.initiatedNanos());
        for (Rule rule : aborting) {
          if (r.key().startsWith(rule.filter().prefix())
              && !run.now.isBefore(LifecycleConfiguration.afterDays(initiated, rule.abortDays()))) {
            due.add(Map.entry(e.name(), r));
            break;
          }
        }
      }
      if (p.end() || p.entries().isEmpty()) {
        break;
      }
      c = p.next();
    }
    for (Map.Entry<String, UploadRecord> d : due) {
      try (UploadLocks.Held _ = locks.lock(v.name(), d.getKey())) {
        Uploads.Upload u = Uploads.find(v, d.getKey(), d.getValue().key());
        if (!UploadClaims.settle(v, u)) {
          Uploads.remove(v, u);
          v.syncNamespace();
          run.aborted++;
          abortedTotal.increment();
          log.debug("lifecycle: bucket {}: aborted upload {} of key '{}'", v.name(), u.id(),
              u.record().key());
        }
      } catch (S3Exception e) {
        // NoSuchUpload: completed or aborted meanwhile.
      }
    }
  }

  /** The depth-first walk of one bucket in name order. */
  private final class Walk {
    final Volume v;
    final @Nullable CheckedVolume versioned;
    final List<Rule> rules;
    final boolean needTags;
    final Run run;
    final boolean resumedDirty;
    boolean removedAny;
    boolean syncNeeded;

    Walk(Volume v, @Nullable CheckedVolume versioned, List<Rule> rules, boolean needTags,
        Run run, boolean resumedDirty) {
      this.resumedDirty = resumedDirty;
      this.v = v;
      this.versioned = versioned;
      this.rules = rules;
      this.needTags = needTags;
      this.run = run;
    }

    /**
     * Walks a directory from just after {@code from} (a path below it; empty: from the start).
     * Returns the path of the last object examined when the budget ran out.
     */
    Optional<List<String>> directory(ObjectId dir, List<String> path, List<String> from) {
      DirCursor c = DirCursor.START;
      if (!from.isEmpty()) {
        String first = from.getFirst();
        if (from.size() > 1) {
          Optional<List<String>> stopped = child(dir, path, first, from.subList(1, from.size()),
              resumedDirty);
          if (stopped.isPresent()) {
            return stopped;
          }
        }
        c = v.cursorAfter(first);
      }
      while (true) {
        DirPage p;
        try {
          p = v.readdir(dir, c, PAGE, true);
        } catch (DfsException e) {
          if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.STALE) {
            return Optional.empty(); // removed meanwhile
          }
          throw e;
        }
        for (DirEntry e : p.entries()) {
          if (path.isEmpty() && ReservedNames.isReservedAtRoot(e.name())) {
            continue;
          }
          Attributes a = e.attributes();
          if (a == null) {
            continue;
          }
          if (a.isDirectory()) {
            Optional<List<String>> stopped = child(dir, path, e.name(), List.of(), false);
            if (stopped.isPresent()) {
              return stopped;
            }
          } else if (a.isFile()) {
            path.add(e.name());
            try {
              file(dir, path, a);
              if (run.left <= 0) {
                return Optional.of(List.copyOf(path));
              }
            } finally {
              path.removeLast();
            }
          }
        }
        if (p.end() || p.entries().isEmpty()) {
          return Optional.empty();
        }
        c = p.next();
      }
    }

    /**
     * Walks a subdirectory, then removes it if the walk emptied it ({@code dirty}: a run before
     * this one may have, on the way to where it stopped).
     */
    private Optional<List<String>> child(ObjectId dir, List<String> path, String name,
        List<String> from, boolean dirty) {
      Attributes a;
      try {
        a = v.lookup(dir, name);
      } catch (DfsException e) {
        if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.STALE) {
          return Optional.empty();
        }
        throw e;
      }
      if (!a.isDirectory()) {
        return Optional.empty();
      }
      boolean before = removedAny;
      boolean emptied = false;
      removedAny = dirty;
      path.add(name);
      try {
        Optional<List<String>> stopped = directory(a.id(), path, from);
        if (removedAny && stopped.isEmpty()) {
          try {
            v.remove(dir, name, RemoveKind.DIRECTORY);
            emptied = true;
          } catch (DfsException e) {
            // Not empty, or gone: S3 has no empty prefixes, but a non-empty one stays.
          }
        }
        return stopped;
      } finally {
        path.removeLast();
        // This directory changed (so may be left empty) only if the child itself went.
        removedAny = before || emptied;
      }
    }

    private void file(ObjectId dir, List<String> path, Attributes a) {
      run.left--;
      run.examined++;
      examinedTotal.increment();
      String key = String.join("/", path);
      Map<String, String> tags;
      try {
        tags = needTags ? Store.meta(v, a).tags() : Map.of();
      } catch (DfsException e) {
        return; // gone meanwhile
      }
      for (Rule r : rules) {
        if (!r.filter().matches(key, tags, a.size())) {
          continue;
        }
        Optional<Instant> due = r.expiry(a.modifyTime());
        if (due.isPresent() && !run.now.isBefore(due.get())) {
          expire(dir, path, key, a, r);
          return;
        }
      }
    }

    private void expire(ObjectId dir, List<String> path, String key, Attributes a, Rule r) {
      String name = path.getLast();
      try {
        Attributes now = v.lookup(dir, name);
        if (!now.id().equals(a.id()) || now.change() != a.change()) {
          // Replaced or written since examined: the new content is not what the rule saw.
          skip(key, "changed since examined");
          return;
        }
        if (versioned != null) {
          // Versioned: expiring the current version keeps it as a noncurrent one behind a delete
          // marker (S3 User Guide, "Expiring objects"), exactly as a DeleteObject would.
          versions.delete(store, v, versioned, new KeyPath(key, List.copyOf(path), false), null);
        } else {
          v.remove(dir, name, RemoveKind.NOT_DIRECTORY);
        }
      } catch (S3Exception e) {
        skip(key, e.getMessage());
        return;
      } catch (DfsException e) {
        if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.STALE) {
          return;
        }
        // The backend refuses (e.g. an object under retention or legal hold): not an error.
        skip(key, e.kind() + ": " + e.getMessage());
        return;
      }
      removedAny = true;
      syncNeeded = true;
      run.expired++;
      expiredTotal.increment();
      log.debug("lifecycle: bucket {}: expired '{}' (rule '{}')", v.name(), key, r.id());
    }

    private void skip(String key, String why) {
      run.skipped++;
      skippedTotal.increment();
      log.debug("lifecycle: bucket {}: '{}' not expired: {}", v.name(), key, why);
    }
  }
}

package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.OplockBreak;
import dev.estuary.smb.internal.codec.SmbMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-wide oplock and lease state ([MS-SMB2] 3.3.1.4 LeaseTable, 3.3.1.10 Open.OplockLevel and
 * Open.Lease; the grant and break rules of [MS-FSA] 2.1.5.17 and 2.1.4.12 as SMB clients see them). Every
 * SMB open of a file registers a {@link Holder}, with or without caching, so the grant rules can count the
 * other opens. Breaks go to the holder's connection as unsolicited OPLOCK_BREAK notifications
 * ({@link BreakSink}); a request that must wait for a break (a conflicting CREATE) registers a {@link Wait}
 * that fires once every acknowledgment-requiring break of the file ended: acknowledged (3.3.5.22), its
 * open closed, or timed out ({@link #breakTimeout()}, 35 s by default as Windows does: 3.3.4.6/3.3.4.7 leave
 * it to the implementation), which drops the open's oplock or the lease's caching entirely.
 *
 * <p>Thread-safe: each connection calls it from its own serial path; notifications and wake-ups are handed
 * to the connections' serial paths and to the waiters outside the table's lock.
 */
public final class Oplocks {
  private static final Logger log = LoggerFactory.getLogger(Oplocks.class);

  /** SMB2_OPLOCK_LEVEL_NONE. */
  public static final int LEVEL_NONE = 0;
  /** SMB2_OPLOCK_LEVEL_II. */
  public static final int LEVEL_II = 1;
  /** SMB2_OPLOCK_LEVEL_EXCLUSIVE. */
  public static final int LEVEL_EXCLUSIVE = 8;
  /** SMB2_OPLOCK_LEVEL_BATCH. */
  public static final int LEVEL_BATCH = 9;
  /** SMB2_OPLOCK_LEVEL_LEASE. */
  public static final int LEVEL_LEASE = 0xFF;
  /** SMB2_LEASE_READ_CACHING. */
  public static final int R = 1;
  /** SMB2_LEASE_HANDLE_CACHING. */
  public static final int H = 2;
  /** SMB2_LEASE_WRITE_CACHING. */
  public static final int W = 4;
  /** SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED (2.2.23.2). */
  public static final int BREAK_ACK_REQUIRED = 1;
  /** SMB2_LEASE_FLAG_BREAK_IN_PROGRESS (2.2.13.2.8 response Flags). */
  public static final int LEASE_FLAG_BREAK_IN_PROGRESS = 2;
  /** SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET (2.2.13.2.10). */
  public static final int LEASE_FLAG_PARENT_LEASE_KEY_SET = 4;

  /** Where the break notifications of one connection go. */
  public interface BreakSink {
    /**
     * Sends an unsolicited OPLOCK_BREAK notification (MessageId 0xFFFFFFFFFFFFFFFF, [MS-SMB2] 3.3.4.6),
     * on the connection's serial path; dropped if the connection has closed.
     *
     * @param notification the notification body
     * @param sessionId the session that owns the open (its keys encrypt the notification when it or its
     *     tree requires encryption)
     * @param encrypt whether to encrypt it
     */
    void sendBreak(SmbMessage notification, long sessionId, boolean encrypt);
  }

  /** Runs delayed tasks (break timeouts, durable handle expiry). */
  public interface Scheduler {
    /**
     * Runs a task once after a delay.
     *
     * @param delay the delay
     * @param task the task; runs outside any connection's serial path
     * @return cancels the task if it has not run
     */
    Runnable schedule(Duration delay, Runnable task);
  }

  /** An object's key: its volume and id. */
  record FileKey(String volume, ObjectId id) {}

  /** A lease's key in the LeaseTable: ClientGuid and LeaseKey (3.3.1.4, 3.3.1.13). */
  private record LeaseId(Bytes clientGuid, Bytes key) {}

  /** A lease ([MS-SMB2] 3.3.1.13): its state, epoch and the opens that share it. Guarded by the table. */
  private static final class Lease {
    final LeaseId id;
    final FileKey file;
    final int version;
    final Bytes parentKey;
    final boolean parentSet;
    final List<Holder> opens = new ArrayList<>();
    int state;
    int epoch;
    boolean breaking;
    int breakTo;
    /** A further reduction asked for while a break was in flight: broken to after the acknowledgment. */
    int wanted = -1;
    long breakSeq;

    Lease(LeaseId id, FileKey file, int version, Bytes parentKey, boolean parentSet, int epoch) {
      this.id = id;
      this.file = file;
      this.version = version;
      this.parentKey = parentKey;
      this.parentSet = parentSet;
      this.epoch = epoch;
    }
  }

  /** The caching state of one open. Fields are guarded by the table. */
  public static final class Holder {
    private final FileKey file;
    private final boolean stat;
    private final boolean directory;
    private FileId fileId;
    private @Nullable BreakSink sink;
    private long sessionId;
    private boolean encrypt;
    private int oplock;
    private boolean oplockBreaking;
    private int oplockBreakTo;
    private long breakSeq;
    private @Nullable Lease lease;
    private @Nullable Runnable purge;
    private boolean released;

    private Holder(FileKey file, FileId fileId, boolean stat, boolean directory, BreakSink sink, long sessionId,
        boolean encrypt) {
      this.file = file;
      this.fileId = fileId;
      this.stat = stat;
      this.directory = directory;
      this.sink = sink;
      this.sessionId = sessionId;
      this.encrypt = encrypt;
    }

    /** @return whether this open is disconnected (a durable open waiting for its client) */
    public synchronized boolean disconnected() {
      return sink == null;
    }
  }

  /**
   * What CREATE grants an open (3.3.5.9.8, 3.3.5.9.11).
   *
   * @param oplockLevel the response's OplockLevel ({@link #LEVEL_LEASE} with a lease)
   * @param leaseState the lease's state (lease grants only)
   * @param leaseFlags the lease context's Flags
   * @param epoch the lease's epoch (v2)
   * @param leaseVersion 1 or 2; 0 without a lease
   * @param leaseKey the LeaseKey, or null
   * @param parentKey the ParentLeaseKey (v2), or null
   */
  public record Grant(int oplockLevel, int leaseState, int leaseFlags, int epoch, int leaseVersion,
      @Nullable Bytes leaseKey, @Nullable Bytes parentKey) {
    /** No caching. */
    public static final Grant NONE = new Grant(LEVEL_NONE, 0, 0, 0, 0, null, null);

    /** @return whether the open may be made durable: a batch oplock or a lease with handle caching (3.3.5.9.6) */
    public boolean handleCaching() {
      return oplockLevel == LEVEL_BATCH || (leaseVersion != 0 && (leaseState & H) != 0);
    }
  }

  /**
   * A lease request as CREATE decoded it.
   *
   * @param clientGuid the connection's ClientGuid
   * @param key LeaseKey
   * @param state the requested LeaseState
   * @param version 1 or 2
   * @param parentKey ParentLeaseKey (v2)
   * @param parentSet whether SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET was given
   * @param epoch the request's Epoch (v2)
   */
  public record LeaseRequest(Bytes clientGuid, Bytes key, int state, int version, Bytes parentKey,
      boolean parentSet, int epoch) {}

  /** A wait for breaks in progress on one file; fires once. */
  public final class Wait {
    private final FileKey file;
    private final @Nullable LeaseId own;
    private @Nullable Runnable done;
    private boolean fired;

    private Wait(FileKey file, @Nullable LeaseId own) {
      this.file = file;
      this.own = own;
    }

    /**
     * Runs {@code r} once the breaks ended (at once, outside the caller, if they already have).
     *
     * @param r what to run; runs on the thread that ended the last break
     */
    public void onDone(Runnable r) {
      boolean now;
      synchronized (Oplocks.this) {
        if (fired) {
          return;
        }
        done = r;
        now = !breaking(file, own);
        if (now) {
          fired = true;
        } else {
          waiters.computeIfAbsent(file, k -> new ArrayList<>()).add(this);
        }
      }
      if (now) {
        r.run();
      }
    }

    /** Stops waiting (CANCEL, connection loss). */
    public void cancel() {
      synchronized (Oplocks.this) {
        fired = true;
        List<Wait> l = waiters.get(file);
        if (l != null) {
          l.remove(this);
        }
      }
    }
  }

  private final Map<FileKey, List<Holder>> files = new HashMap<>();
  private final Map<LeaseId, Lease> leases = new HashMap<>();
  private final Map<FileKey, List<Wait>> waiters = new HashMap<>();
  private final ForeignChanges foreign = new ForeignChanges(f -> breakAll(f.volume(), f.id()));
  private final Scheduler scheduler;
  private final Duration breakTimeout;
  private final DurableOpens durables;
  private long seq;

  /**
   * The table.
   *
   * @param scheduler runs break timeouts
   * @param breakTimeout how long a break waits for its acknowledgment
   */
  public Oplocks(Scheduler scheduler, Duration breakTimeout) {
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.breakTimeout = requireNonNull(breakTimeout, "breakTimeout");
    if (breakTimeout.isNegative() || breakTimeout.isZero()) {
      throw new IllegalArgumentException("breakTimeout: " + breakTimeout + " (expected: > 0)");
    }
    this.durables = new DurableOpens(scheduler);
  }

  /** @return the durable opens waiting for their client */
  public DurableOpens durables() {
    return durables;
  }

  /** @return how long a break waits for its acknowledgment */
  public Duration breakTimeout() {
    return breakTimeout;
  }

  /**
   * Whether an open asks for nothing that an oplock protects: [MS-FSA] 2.1.5.1.2 (and Samba's
   * is_oplock_stat_open / is_lease_stat_open) exempt opens for attributes, synchronisation and the
   * security descriptor from breaking caching and from counting as other opens.
   *
   * @param access the granted access
   * @return true for a stat open
   */
  public static boolean isStatOpen(int access) {
    return (access & ~(0x80 /* FILE_READ_ATTRIBUTES */ | 0x100 /* FILE_WRITE_ATTRIBUTES */
        | 0x100000 /* SYNCHRONIZE */ | 0x20000 /* READ_CONTROL */)) == 0;
  }

  /**
   * Whether an open is a stat open as far as oplocks go: READ_CONTROL breaks them (smbtorture
   * smb2.oplock.statopen1), while leases ignore it ({@link #isStatOpen}).
   *
   * @param access the granted access
   * @return true for an oplock stat open
   */
  public static boolean isOplockStatOpen(int access) {
    return (access & ~(0x80 | 0x100 | 0x100000)) == 0;
  }

  /**
   * Whether a lease key is in use by this client for another file (3.3.5.9.8: STATUS_INVALID_PARAMETER).
   *
   * @param r the request
   * @param volume the volume
   * @param id the object being opened, or null for an object being created
   * @return true if the key names a lease of another object
   */
  public synchronized boolean leaseKeyConflicts(LeaseRequest r, String volume, @Nullable ObjectId id) {
    Lease l = leases.get(new LeaseId(r.clientGuid(), r.key()));
    return l != null && (id == null || !l.file.equals(new FileKey(volume, id)));
  }

  /**
   * The breaks an open of a file causes before its share check ([MS-FSA] 2.1.4.12 for an open): batch and
   * exclusive oplocks of other opens break to level II (to none when the open overwrites), write caching
   * leases lose W (and R when it overwrites), level II oplocks and read-only leases break to none when it
   * overwrites. A stat open breaks nothing.
   *
   * @param volume the volume
   * @param id the object
   * @param own the opener's lease, or null (its own lease is never broken)
   * @param access the open's granted access (stat opens break nothing: {@link #isStatOpen},
   *     {@link #isOplockStatOpen})
   * @param overwrite whether it overwrites or supersedes
   * @return a wait when breaks needing acknowledgment are in progress, else null
   */
  public @Nullable Wait breakForOpen(String volume, ObjectId id, @Nullable LeaseRequest own, int access,
      boolean overwrite) {
    FileKey f = new FileKey(volume, id);
    LeaseId ownId = own == null ? null : new LeaseId(own.clientGuid(), own.key());
    List<Runnable> after = new ArrayList<>();
    Wait w;
    boolean leaseStat = isStatOpen(access);
    boolean oplockStat = isOplockStatOpen(access);
    synchronized (this) {
      for (Holder h : List.copyOf(files.getOrDefault(f, List.of()))) {
        if (h.lease == null ? oplockStat : leaseStat) {
          continue;
        }
        if (h.lease != null) {
          if (!h.lease.id.equals(ownId)) {
            int target = h.lease.state & ~W & (overwrite ? ~R : ~0);
            reduceLease(h.lease, target, after);
          }
        } else if (h.oplock == LEVEL_BATCH || h.oplock == LEVEL_EXCLUSIVE) {
          breakOplock(h, overwrite ? LEVEL_NONE : LEVEL_II, after);
        } else if (h.oplockBreaking && overwrite) {
          h.oplockBreakTo = LEVEL_NONE;
        } else if (h.oplock == LEVEL_II && overwrite) {
          breakOplock(h, LEVEL_NONE, after);
        }
      }
      w = breaking(f, ownId) ? new Wait(f, ownId) : null;
    }
    after.forEach(Runnable::run);
    return w;
  }

  /**
   * The breaks an open that failed its share check causes ([MS-FSA] 2.1.5.1.2: "if the open would fail
   * with STATUS_SHARING_VIOLATION, break handle caching first"): other leases lose H and batch oplocks
   * break, so their clients can close the handles they keep open.
   *
   * @param volume the volume
   * @param id the object
   * @param own the opener's lease, or null
   * @return a wait when such breaks are in progress (retry after it), null when none could help
   */
  public @Nullable Wait breakForSharing(String volume, ObjectId id, @Nullable LeaseRequest own) {
    FileKey f = new FileKey(volume, id);
    LeaseId ownId = own == null ? null : new LeaseId(own.clientGuid(), own.key());
    List<Runnable> after = new ArrayList<>();
    Wait w;
    synchronized (this) {
      boolean any = false;
      for (Holder h : List.copyOf(files.getOrDefault(f, List.of()))) {
        if (h.lease != null && !h.lease.id.equals(ownId)) {
          int effective = h.lease.breaking ? h.lease.breakTo & (h.lease.wanted < 0 ? ~0 : h.lease.wanted) : h.lease.state;
          if ((effective & H) != 0) {
            // A disconnected durable holder is purged by reduceLease: the retry then finds its reservation gone.
            reduceLease(h.lease, effective & ~H, after);
            any = true;
          } else if (h.lease.breaking && (h.lease.state & H) != 0) {
            any = true;
          }
        } else if (h.lease == null && (h.oplock == LEVEL_BATCH || (h.oplockBreaking && h.oplock == LEVEL_BATCH))) {
          if (!h.oplockBreaking) {
            breakOplock(h, LEVEL_II, after);
          }
          any = true;
        }
      }
      // Also when nothing is left breaking (read-only caching dropped, disconnected holders purged): the
      // CREATE then retries at once and fails with the sharing violation only if the conflict remains.
      w = any ? new Wait(f, ownId) : null;
    }
    after.forEach(Runnable::run);
    return w;
  }

  /**
   * Registers a new open and grants it what it asked for, as far as the other opens allow (3.3.5.9.8,
   * 3.3.5.9.11, [MS-FSA] 2.1.5.17): batch and exclusive only to the file's only open, level II while no
   * other open caches writes or handles; a lease gets R always, H unless another open holds an oplock,
   * W only when every other open (stat opens of other leases included) shares the lease. A lease key
   * already in use on the file joins that lease (a strict superset that fits upgrades it, never shrinks
   * it; while it breaks it is answered as it is, with
   * BREAK_IN_PROGRESS). Directories get neither (no DIRECTORY_LEASING).
   *
   * @param volume the volume
   * @param id the object
   * @param fileId the open's FileId
   * @param access the granted access
   * @param directory whether it is a directory
   * @param sink the connection's break sink
   * @param sessionId the session
   * @param encrypt whether notifications to it are encrypted
   * @param requestedOplock RequestedOplockLevel
   * @param lease the lease request, or null
   * @return the holder (kept by the open) and the grant
   */
  public synchronized Registered register(String volume, ObjectId id, FileId fileId, int access, boolean directory,
      BreakSink sink, long sessionId, boolean encrypt, int requestedOplock, @Nullable LeaseRequest lease) {
    FileKey f = new FileKey(volume, id);
    Holder me = new Holder(f, fileId, isStatOpen(access), directory, sink, sessionId, encrypt);
    List<Holder> all = files.computeIfAbsent(f, k -> new ArrayList<>());
    Grant g = Grant.NONE;
    if (lease != null && requestedOplock == LEVEL_LEASE && !directory) {
      g = grantLease(me, all, lease);
    } else if (!directory && requestedOplock != LEVEL_LEASE) {
      g = grantOplock(me, all, requestedOplock);
    }
    all.add(me);
    return new Registered(me, g);
  }

  /**
   * A registered open and its grant.
   *
   * @param holder the open's caching state
   * @param grant what CREATE answers
   */
  public record Registered(Holder holder, Grant grant) {}

  private Grant grantOplock(Holder me, List<Holder> all, int requested) {
    if (requested == LEVEL_NONE) {
      return Grant.NONE;
    }
    boolean others = false;
    boolean writeCached = false;
    for (Holder h : all) {
      if (!h.stat || h.oplock != LEVEL_NONE) {
        // A stat open holding an oplock is still another open (smbtorture smb2.oplock.batch9).
        others = true;
      }
      int lo = h.oplockBreaking ? h.oplockBreakTo : h.oplock;
      // Another open's handle caching also keeps oplocks away (smbtorture smb2.lease.oplock: an RH lease
      // leaves a level II request with none).
      if (lo == LEVEL_BATCH || lo == LEVEL_EXCLUSIVE || (h.lease != null && (h.lease.state & (W | H)) != 0)
          || h.oplockBreaking || (h.lease != null && h.lease.breaking)) {
        writeCached = true;
      }
    }
    int level;
    if ((requested == LEVEL_BATCH || requested == LEVEL_EXCLUSIVE) && !others) {
      level = requested;
    } else if (!writeCached && (requested == LEVEL_II || requested == LEVEL_BATCH
        || requested == LEVEL_EXCLUSIVE)) {
      level = LEVEL_II;
    } else {
      level = LEVEL_NONE;
    }
    me.oplock = level;
    return level == LEVEL_NONE ? Grant.NONE : new Grant(level, 0, 0, 0, 0, null, null);
  }

  private Grant grantLease(Holder me, List<Holder> all, LeaseRequest r) {
    LeaseId lid = new LeaseId(r.clientGuid(), r.key());
    Lease l = leases.get(lid);
    int asked = r.state() & (R | H | W);
    if ((asked & R) == 0) {
      // 3.3.5.9.8: only R, RH, RW and RWH are lease states; anything else is granted as none.
      asked = 0;
    }
    int allowed = R | H | W;
    for (Holder h : all) {
      if (h.lease != null && h.lease.id.equals(lid)) {
        continue;
      }
      if (!h.stat || h.lease != null) {
        // Any open of another lease, even a stat open, shares the file (smbtorture smb2.lease.statopen).
        allowed &= ~W;
      }
      if (h.lease == null && h.oplock != LEVEL_NONE) {
        // An oplock of another open leaves a lease read caching only (smbtorture smb2.lease.oplock).
        allowed &= ~(H | W);
      }
    }
    int flags = 0;
    if (l == null) {
      l = new Lease(lid, me.file, r.version(), r.parentKey(), r.parentSet(), r.version() == 2 ? r.epoch() + 1 : 0);
      l.state = asked & allowed;
      leases.put(lid, l);
    } else if (l.breaking) {
      flags |= LEASE_FLAG_BREAK_IN_PROGRESS;
    } else if ((asked & l.state) == l.state && asked != l.state && (asked & ~allowed) == 0) {
      // 3.3.5.9.8: a request that is a strict superset of the lease's state, and can be held with the
      // other opens, upgrades it to exactly that; anything else leaves it as it is (smb2.lease.upgrade3).
      l.state = asked;
      l.epoch++;
    }
    l.opens.add(me);
    me.lease = l;
    me.oplock = LEVEL_LEASE;
    if (r.version() == 2 && l.parentSet) {
      flags |= LEASE_FLAG_PARENT_LEASE_KEY_SET;
    }
    return new Grant(LEVEL_LEASE, l.state, flags, l.epoch, l.version, r.key(), l.parentSet ? l.parentKey : null);
  }

  /**
   * The breaks a data change through an open causes ([MS-FSA] 2.1.4.12 for WRITE and for a size change):
   * level II oplocks (the writer's own too) and the read caching of other leases break to none. Needs no
   * acknowledgment, so nothing waits.
   *
   * @param writer the writing open's holder
   */
  public void breakForWrite(Holder writer) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      for (Holder h : List.copyOf(files.getOrDefault(writer.file, List.of()))) {
        if (h.lease != null && h.lease == writer.lease) {
          continue;
        }
        if (h == writer && h.oplock != LEVEL_II) {
          // The writer keeps its own exclusive or batch oplock; its own level II breaks like any other
          // (smbtorture smb2.oplock.batch1: "writing should generate a self break to none").
          continue;
        }
        if (h.lease != null) {
          reduceLease(h.lease, h.lease.state & ~(R | W), after);
        } else if (h.oplock != LEVEL_NONE && !h.oplockBreaking) {
          breakOplock(h, LEVEL_NONE, after);
        }
      }
    }
    after.forEach(Runnable::run);
  }

  /**
   * The breaks a byte-range lock causes ([MS-FSA] 2.1.4.12 for LOCK): when the file has other opens, every
   * level II oplock, the locker's own included, breaks to none, since a cached reader could no longer see
   * the locked range honestly (smbtorture smb2.oplock.brl1 and brl3; brl2: alone, nothing breaks).
   *
   * @param locker the locking open's holder
   */
  public void breakForLock(Holder locker) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      List<Holder> all = files.getOrDefault(locker.file, List.of());
      if (all.size() > 1) {
        for (Holder h : List.copyOf(all)) {
          if (h.lease == null && h.oplock == LEVEL_II && !h.oplockBreaking) {
            breakOplock(h, LEVEL_NONE, after);
          }
        }
      }
    }
    after.forEach(Runnable::run);
  }

  /**
   * The breaks a change made outside this SMB server causes (another protocol wrote, truncated, removed or
   * renamed the file): every caching of the file breaks to none, so no client goes on serving data it cached
   * before. The change has happened already; nothing waits for the acknowledgments.
   *
   * @param volume the volume
   * @param id the object
   */
  public void breakAll(String volume, ObjectId id) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      for (Holder h : List.copyOf(files.getOrDefault(new FileKey(volume, id), List.of()))) {
        if (h.lease != null) {
          reduceLease(h.lease, 0, after);
        } else if (h.oplock != LEVEL_NONE && !h.oplockBreaking) {
          breakOplock(h, LEVEL_NONE, after);
        }
      }
    }
    after.forEach(Runnable::run);
  }

  /**
   * Whether a file has caching that other protocols' changes must break.
   *
   * @param volume the volume
   * @param id the object
   * @return true if any open of it holds an oplock or a lease state
   */
  public synchronized boolean caches(String volume, ObjectId id) {
    for (Holder h : files.getOrDefault(new FileKey(volume, id), List.of())) {
      if ((h.lease != null && h.lease.state != 0) || (h.lease == null && h.oplock != LEVEL_NONE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts watching a file for changes by other protocols once it has caching (called after a grant):
   * an NFS or S3 write, truncate or removal of a file held under an oplock or lease breaks every caching
   * of it to none ({@link #breakAll}), so Windows clients stop serving data they cached
   * ({@link ForeignChanges} tells those changes from this server's own). The watch ends with the file's
   * last open.
   *
   * @param volume the volume
   * @param id the object
   * @param subscribe subscribes the listener to the object's changes
   */
  public void watchForeign(String volume, ObjectId id, Function<WatchListener, WatchSubscription> subscribe) {
    FileKey f = new FileKey(volume, id);
    ForeignChanges.@Nullable Watch w;
    // Claimed under the table's lock so that release() of the last open either sees the watch (and ends it)
    // or runs before (and no watch starts).
    synchronized (this) {
      if (!files.containsKey(f)) {
        return;
      }
      w = foreign.claim(f);
    }
    if (w != null) {
      foreign.subscribe(f, w, subscribe);
    }
  }

  /**
   * An SMB data change of a file is about to happen through an open; {@link ForeignChanges.Token#done}
   * records its change counter once it happened, so the backend's event for it is not taken for a foreign
   * change.
   *
   * @param h the writing open's holder
   * @return the token to close after the change (with the file's change counter then)
   */
  public ForeignChanges.Token ownChangeStarts(Holder h) {
    return foreign.ownChangeStarts(h.file);
  }

  /** Breaks an oplock (3.3.4.6): exclusive and batch wait for the acknowledgment, level II does not. */
  private void breakOplock(Holder h, int to, List<Runnable> after) {
    if (h.oplock == LEVEL_II || h.oplock == LEVEL_NONE) {
      int from = h.oplock;
      h.oplock = LEVEL_NONE;
      if (from != LEVEL_NONE) {
        notify(h, new OplockBreak.Oplock(LEVEL_NONE, h.fileId), after);
      }
      return;
    }
    if (h.sink == null) {
      // A disconnected durable open cannot be told: it is closed instead (3.3.4.6, as Samba does).
      purge(h, after);
      return;
    }
    h.oplockBreaking = true;
    h.oplockBreakTo = to;
    long s = ++seq;
    h.breakSeq = s;
    notify(h, new OplockBreak.Oplock(to, h.fileId), after);
    after.add(() -> scheduler.schedule(breakTimeout, () -> oplockTimeout(h, s)));
  }

  /**
   * Lowers a lease to {@code target} (3.3.4.7): a lease with W or H waits for the acknowledgment; R breaks
   * at once. A lease already breaking lowers again after its acknowledgment.
   */
  private void reduceLease(Lease l, int target, List<Runnable> after) {
    if ((target & R) == 0) {
      // H or W without R is no lease state: it goes to none.
      target = 0;
    }
    if (l.breaking) {
      int next = l.wanted < 0 ? target : l.wanted & target;
      if ((l.breakTo & ~next) != 0) {
        l.wanted = next;
      }
      return;
    }
    if ((l.state & ~target) == 0) {
      return;
    }
    Holder to = connectedOpen(l);
    if (to == null) {
      for (Holder h : List.copyOf(l.opens)) {
        purge(h, after);
      }
      return;
    }
    boolean ack = (l.state & (W | H)) != 0;
    int from = l.state;
    if (l.version == 2) {
      l.epoch++;
    }
    OplockBreak.LeaseNotification n = new OplockBreak.LeaseNotification(l.version == 2 ? l.epoch : 0,
        ack ? BREAK_ACK_REQUIRED : 0, l.id.key(), from, target);
    if (ack) {
      l.breaking = true;
      l.breakTo = target;
      long s = ++seq;
      l.breakSeq = s;
      after.add(() -> scheduler.schedule(breakTimeout, () -> leaseTimeout(l, s)));
    } else {
      l.state = target;
    }
    notify(to, n, after);
  }

  private static @Nullable Holder connectedOpen(Lease l) {
    for (int i = l.opens.size() - 1; i >= 0; i--) {
      if (l.opens.get(i).sink != null) {
        return l.opens.get(i);
      }
    }
    return null;
  }

  private static void notify(Holder h, SmbMessage body, List<Runnable> after) {
    BreakSink s = h.sink;
    if (s != null) {
      long sid = h.sessionId;
      boolean enc = h.encrypt;
      after.add(() -> s.sendBreak(body, sid, enc));
    }
  }

  private void purge(Holder h, List<Runnable> after) {
    Runnable p = h.purge;
    if (p != null) {
      h.purge = null;
      after.add(p);
    }
  }

  private void oplockTimeout(Holder h, long s) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      if (!h.oplockBreaking || h.breakSeq != s || h.released) {
        return;
      }
      // 3.3.2.1: an unacknowledged break leaves the open with no oplock at all.
      log.info("smb oplock break of {} timed out after {}: oplock dropped", h.fileId, breakTimeout);
      h.oplockBreaking = false;
      h.oplock = LEVEL_NONE;
      wake(h.file, after);
    }
    after.forEach(Runnable::run);
  }

  private void leaseTimeout(Lease l, long s) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      if (!l.breaking || l.breakSeq != s) {
        return;
      }
      // 3.3.2.5: an unacknowledged lease break leaves the lease with no caching (smbtorture smb2.lease.timeout
      // then finds it at "" and a late acknowledgment STATUS_UNSUCCESSFUL).
      log.info("smb lease break of {} timed out after {}: caching dropped", l.id.key(), breakTimeout);
      l.breaking = false;
      l.state = 0;
      l.wanted = -1;
      wake(l.file, after);
    }
    after.forEach(Runnable::run);
  }

  /** Whether a file has a break in progress that needs an acknowledgment, other than of {@code own}. */
  private boolean breaking(FileKey f, @Nullable LeaseId own) {
    for (Holder h : files.getOrDefault(f, List.of())) {
      if (h.oplockBreaking || (h.lease != null && h.lease.breaking && !h.lease.id.equals(own))) {
        return true;
      }
    }
    return false;
  }

  private void wake(FileKey f, List<Runnable> after) {
    List<Wait> l = waiters.get(f);
    if (l == null) {
      return;
    }
    for (Wait w : List.copyOf(l)) {
      if (!breaking(f, w.own)) {
        l.remove(w);
        w.fired = true;
        Runnable r = w.done;
        if (r != null) {
          after.add(r);
        }
      }
    }
    if (l.isEmpty()) {
      waiters.remove(f);
    }
  }

  /**
   * OPLOCK_BREAK acknowledgment of an oplock (3.3.5.22.1).
   *
   * @param h the open's holder
   * @param level the acknowledged OplockLevel
   * @return the level now held, or -1 when no break is in progress (STATUS_INVALID_OPLOCK_PROTOCOL), -2
   *     when the level is not one an acknowledgment may name (STATUS_INVALID_PARAMETER), -3 when it is
   *     above the break's target (STATUS_INVALID_OPLOCK_PROTOCOL, and the oplock is gone)
   */
  public int acknowledgeOplock(Holder h, int level) {
    List<Runnable> after = new ArrayList<>();
    int result;
    synchronized (this) {
      if (h.lease != null || !h.oplockBreaking) {
        return -1;
      }
      if (level != LEVEL_NONE && level != LEVEL_II) {
        return -2;
      }
      h.oplockBreaking = false;
      if (level == LEVEL_II && h.oplockBreakTo == LEVEL_NONE) {
        h.oplock = LEVEL_NONE;
        result = -3;
      } else {
        h.oplock = level;
        result = level;
      }
      wake(h.file, after);
    }
    after.forEach(Runnable::run);
    return result;
  }

  /**
   * OPLOCK_BREAK acknowledgment of a lease (3.3.5.22.2).
   *
   * @param clientGuid the connection's ClientGuid
   * @param key LeaseKey
   * @param state the acknowledged LeaseState
   * @return the state now held, or -1 for an unknown lease (STATUS_OBJECT_NAME_NOT_FOUND), -2 when no break
   *     is in progress (STATUS_UNSUCCESSFUL), -3 when the state is not within the break's target
   *     (STATUS_REQUEST_NOT_ACCEPTED)
   */
  public int acknowledgeLease(Bytes clientGuid, Bytes key, int state) {
    List<Runnable> after = new ArrayList<>();
    int result;
    synchronized (this) {
      Lease l = leases.get(new LeaseId(clientGuid, key));
      if (l == null) {
        return -1;
      }
      if (!l.breaking) {
        return -2;
      }
      if ((state & ~l.breakTo) != 0) {
        return -3;
      }
      l.breaking = false;
      l.state = state;
      result = state;
      int wanted = l.wanted;
      l.wanted = -1;
      if (wanted >= 0 && (state & ~wanted) != 0) {
        reduceLease(l, state & wanted, after);
      }
      wake(l.file, after);
    }
    after.forEach(Runnable::run);
    return result;
  }

  /**
   * Forgets a closed open: its oplock or its share of the lease (the lease goes with its last open), and
   * any break it held up ends.
   *
   * @param h the holder
   */
  public void release(Holder h) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      if (h.released) {
        return;
      }
      h.released = true;
      h.purge = null;
      h.oplockBreaking = false;
      List<Holder> all = files.get(h.file);
      if (all != null) {
        all.remove(h);
        if (all.isEmpty()) {
          files.remove(h.file);
          foreign.unwatch(h.file, after);
        }
      }
      Lease l = h.lease;
      if (l != null) {
        l.opens.remove(h);
        if (l.opens.isEmpty()) {
          leases.remove(l.id, l);
          l.breaking = false;
        }
      }
      wake(h.file, after);
    }
    after.forEach(Runnable::run);
  }

  /**
   * The open lost its connection and is kept as a durable open: breaks it would need close it instead, and
   * a break in flight closes it at once.
   *
   * @param h the holder
   * @param purge closes the preserved open
   */
  public void disconnected(Holder h, Runnable purge) {
    boolean now;
    synchronized (this) {
      h.sink = null;
      h.purge = requireNonNull(purge, "purge");
      // A break already sent to the connection that dropped will never be acknowledged: the open goes now,
      // so the CREATE waiting for it need not wait out the timeout (the client's own reconnect cannot
      // tell the break happened).
      now = h.oplockBreaking || (h.lease != null && h.lease.breaking);
      if (now) {
        h.purge = null;
      }
    }
    if (now) {
      purge.run();
    }
  }

  /**
   * A durable open reconnected on a new connection and session.
   *
   * @param h the holder
   * @param fileId its FileId now
   * @param sink the new connection
   * @param sessionId the new session
   * @param encrypt whether notifications are encrypted
   */
  public synchronized void reconnected(Holder h, FileId fileId, BreakSink sink, long sessionId, boolean encrypt) {
    h.fileId = fileId;
    h.sink = sink;
    h.sessionId = sessionId;
    h.encrypt = encrypt;
    h.purge = null;
  }

  /**
   * The lease an open holds, for a durable reconnect's checks.
   *
   * @param h the holder
   * @return its LeaseKey, or null
   */
  public synchronized @Nullable Bytes leaseKey(Holder h) {
    return h.lease == null ? null : h.lease.id.key();
  }

  /**
   * The oplock level of an open ({@link #LEVEL_LEASE} with a lease).
   *
   * @param h the holder
   * @return the level
   */
  public synchronized int oplockLevel(Holder h) {
    return h.oplock;
  }

  /**
   * The current grant of a reconnecting open (3.3.5.9.7: the response carries the oplock or lease held).
   *
   * @param h the holder
   * @return the grant
   */
  public synchronized Grant current(Holder h) {
    Lease l = h.lease;
    if (l == null) {
      return h.oplock == LEVEL_NONE ? Grant.NONE : new Grant(h.oplock, 0, 0, 0, 0, null, null);
    }
    int flags = (l.breaking ? LEASE_FLAG_BREAK_IN_PROGRESS : 0)
        | (l.version == 2 && l.parentSet ? LEASE_FLAG_PARENT_LEASE_KEY_SET : 0);
    return new Grant(LEVEL_LEASE, l.state, flags, l.epoch, l.version, l.id.key(), l.parentSet ? l.parentKey : null);
  }

  /**
   * How many leases exist (tests, admin view).
   *
   * @return the count
   */
  public synchronized int leaseCount() {
    return leases.size();
  }

  /**
   * The objects that have caching, for tests.
   *
   * @return how many files have registered opens
   */
  public synchronized int fileCount() {
    return files.size();
  }
}

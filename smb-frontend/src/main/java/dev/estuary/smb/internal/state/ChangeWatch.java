package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.WireNames;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.NtStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The CHANGE_NOTIFY state of one directory open ([MS-SMB2] 3.3.5.19, [MS-FSA] 2.1.5.10): a backend
 * {@link Volume#watch} subscription (the directory, or the subtree for SMB2_WATCH_TREE), the changes seen
 * since the last answer (kept while no request waits, so none is lost between two requests), and the
 * requests waiting for a change. Events arrive on the watch executor, requests on the connection's serial
 * path: the state is guarded by this object, and completions run outside the lock.
 *
 * <p>The buffer holds at most the first request's OutputBufferLength; beyond it, or when the backend
 * reports {@link ChangeKind#OVERFLOW}, the changes are dropped and the next answer is
 * STATUS_NOTIFY_ENUM_DIR (the client rescans), as Windows does when its notify buffer overflows.
 */
public final class ChangeWatch implements AutoCloseable {
  /** FILE_NOTIFY_CHANGE_FILE_NAME ([MS-SMB2] 2.2.35 CompletionFilter). */
  public static final int CHANGE_FILE_NAME = 0x001;
  /** FILE_NOTIFY_CHANGE_DIR_NAME. */
  public static final int CHANGE_DIR_NAME = 0x002;
  /** FILE_NOTIFY_CHANGE_ATTRIBUTES. */
  public static final int CHANGE_ATTRIBUTES = 0x004;
  /** FILE_NOTIFY_CHANGE_SIZE. */
  public static final int CHANGE_SIZE = 0x008;
  /** FILE_NOTIFY_CHANGE_LAST_WRITE. */
  public static final int CHANGE_LAST_WRITE = 0x010;
  /** FILE_NOTIFY_CHANGE_LAST_ACCESS. */
  public static final int CHANGE_LAST_ACCESS = 0x020;
  /** FILE_NOTIFY_CHANGE_CREATION. */
  public static final int CHANGE_CREATION = 0x040;
  /** FILE_NOTIFY_CHANGE_EA. */
  public static final int CHANGE_EA = 0x080;
  /** FILE_NOTIFY_CHANGE_SECURITY. */
  public static final int CHANGE_SECURITY = 0x100;
  /** The backend subscription's queue: events beyond it become one OVERFLOW. */
  private static final int QUEUE_CAPACITY = 4_096;
  /** Most directories searched to name an event deep in a watched subtree before it counts as an overflow. */
  private static final int MAX_DIRECTORIES_SEARCHED = 4_096;

  /** Where a waiting request's answer goes. */
  @FunctionalInterface
  public interface Waiter {
    /**
     * The answer.
     *
     * @param status SUCCESS, NOTIFY_ENUM_DIR or NOTIFY_CLEANUP
     * @param output FILE_NOTIFY_INFORMATION entries, empty unless SUCCESS
     */
    void complete(NtStatus status, Bytes output);
  }

  /**
   * An answer available now.
   *
   * @param status SUCCESS or NOTIFY_ENUM_DIR
   * @param output the entries, empty for NOTIFY_ENUM_DIR
   */
  public record Result(NtStatus status, Bytes output) {}

  private record Waiting(Waiter waiter, int max) {}

  private final Supplier<Volume> volume;
  private final ObjectId target;
  private final boolean tree;
  private final Map<ObjectId, String> directories = new HashMap<>();
  private final List<Fscc.NotifyEntry> buffered = new ArrayList<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private @Nullable WatchSubscription subscription;
  private int filter;
  private int budget;
  private boolean sized;
  private int bufferedBytes;
  private boolean overflow;
  private boolean closed;
  private boolean deleted;

  private ChangeWatch(Supplier<Volume> volume, ObjectId target, boolean tree) {
    this.volume = volume;
    this.target = target;
    this.tree = tree;
  }

  /**
   * Subscribes to a directory's changes.
   *
   * @param volume fresh views of the volume as the open's user (subscribing and naming deep changes)
   * @param target the directory
   * @param tree whether the subtree is watched (SMB2_WATCH_TREE)
   * @param executor where the backend delivers events (must hand off)
   * @return the watch
   * @throws DfsException when the backend cannot watch (UNSUPPORTED without WATCH, ACCESS_DENIED)
   */
  public static ChangeWatch start(Supplier<Volume> volume, ObjectId target, boolean tree, Executor executor) {
    ChangeWatch w = new ChangeWatch(requireNonNull(volume, "volume"), requireNonNull(target, "target"), tree);
    WatchSubscription s = volume.get().watch(target, tree ? WatchScope.SUBTREE : WatchScope.DIRECTORY,
        QUEUE_CAPACITY, executor, w::onEvent);
    synchronized (w) {
      w.subscription = s;
    }
    return w;
  }

  /**
   * Takes what a new request can be answered with at once. The first request sets the filter and the
   * buffer size that apply until the open closes.
   *
   * @param completionFilter the request's CompletionFilter (used by the first request only)
   * @param max its OutputBufferLength
   * @return the answer, or null when nothing changed yet (the request waits)
   */
  public @Nullable Result take(int completionFilter, int max) {
    WatchSubscription s;
    synchronized (this) {
      s = subscription;
    }
    if (s != null) {
      // The changes made by requests the client has seen answered are in this answer, not racing it
      // on the watch executor: smbtorture smb2.notify.valid-req expects the REMOVED, ADDED, MODIFIED of
      // its last file set-up, made while no request waited, in the next answer.
      s.flush();
    }
    return takeFlushed(completionFilter, max);
  }

  private synchronized @Nullable Result takeFlushed(int completionFilter, int max) {
    if (!sized) {
      // The first request's CompletionFilter stays until the open closes, as on Windows: later requests
      // with other filters get the changes of the first one (smbtorture smb2.notify.mask-change).
      filter = completionFilter;
      // Windows sizes the open's change buffer by its first request: a first request with a tiny buffer
      // makes every later answer NOTIFY_ENUM_DIR (smbtorture smb2.notify.valid-req).
      budget = max;
      sized = true;
    }
    return drain(max);
  }

  private @Nullable Result drain(int max) {
    if (deleted) {
      return new Result(NtStatus.DELETE_PENDING, Bytes.EMPTY);
    }
    if (overflow || (!buffered.isEmpty() && bufferedBytes > max)) {
      clear();
      return new Result(NtStatus.NOTIFY_ENUM_DIR, Bytes.EMPTY);
    }
    if (buffered.isEmpty()) {
      return null;
    }
    Bytes out = Fscc.notifyInformation(buffered);
    clear();
    return new Result(NtStatus.SUCCESS, out);
  }

  private void clear() {
    buffered.clear();
    bufferedBytes = 0;
    overflow = false;
  }

  /**
   * Waits for the next change (after {@link #take} found none). The waiter is called once: with the
   * changes, with NOTIFY_ENUM_DIR, or with NOTIFY_CLEANUP when the open closes.
   *
   * @param waiter the answer's destination
   * @param max the request's OutputBufferLength
   */
  public void await(Waiter waiter, int max) {
    Result now;
    synchronized (this) {
      if (!closed) {
        now = drain(max);
        if (now == null) {
          waiting.add(new Waiting(requireNonNull(waiter, "waiter"), max));
          return;
        }
      } else {
        now = new Result(NtStatus.NOTIFY_CLEANUP, Bytes.EMPTY);
      }
    }
    waiter.complete(now.status(), now.output());
  }

  /**
   * Withdraws a waiting request (CANCEL).
   *
   * @param waiter the waiter given to {@link #await}
   */
  public synchronized void cancel(Waiter waiter) {
    waiting.removeIf(w -> w.waiter() == waiter);
  }

  /** @return how many requests wait (tests) */
  public synchronized int waiting() {
    return waiting.size();
  }

  private void onEvent(ChangeEvent e) {
    List<Fscc.NotifyEntry> entries;
    boolean lost = false;
    int f;
    synchronized (this) {
      if (closed) {
        return;
      }
      f = filter;
    }
    if (e.kind() == ChangeKind.OVERFLOW) {
      entries = List.of();
      lost = true;
    } else {
      try {
        entries = entries(e, f);
      } catch (NotFound | DfsException ex) {
        // A change somewhere below that cannot be named (moved away meanwhile, or too deep to find).
        entries = List.of();
        lost = true;
      }
    }
    if (entries.isEmpty() && !lost) {
      return;
    }
    Waiting w;
    Result r;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (lost) {
        overflow = true;
      }
      for (Fscc.NotifyEntry n : entries) {
        buffered.add(n);
        bufferedBytes += n.encodedLength();
      }
      if (waiting.isEmpty()) {
        if (bufferedBytes > budget) {
          // Nobody waits and the buffer is full: keep only the fact that something changed.
          buffered.clear();
          bufferedBytes = 0;
          overflow = true;
        }
        return;
      }
      w = waiting.poll();
      r = requireNonNull(drain(w.max()), "drain");
    }
    w.waiter().complete(r.status(), r.output());
  }

  private List<Fscc.NotifyEntry> entries(ChangeEvent e, int f) throws NotFound {
    boolean dir = e.type() == ObjectType.DIRECTORY;
    int nameBit = dir ? CHANGE_DIR_NAME : CHANGE_FILE_NAME;
    if (e.directory() == null && e.fromDirectory() == null) {
      return List.of();
    }
    if (dir && (e.kind() == ChangeKind.RENAMED || e.kind() == ChangeKind.REMOVED)) {
      synchronized (this) {
        // Paths below a moved or removed directory change: find them again when needed.
        directories.clear();
      }
    }
    if (target.equals(e.object())) {
      // The watched directory's own removal or rename is not a change of its entries.
      return List.of();
    }
    return switch (e.kind()) {
      case CREATED -> (f & nameBit) == 0 ? List.of()
          : named(Fscc.FILE_ACTION_ADDED, e.directory(), e.name());
      case REMOVED -> (f & nameBit) == 0 ? List.of()
          : named(Fscc.FILE_ACTION_REMOVED, e.directory(), e.name());
      case RENAMED -> {
        boolean names = (f & nameBit) != 0;
        // A renamed file also counts as an attribute change of its new name (its change time moves):
        // MODIFIED for FILE_NOTIFY_CHANGE_ATTRIBUTES or _CREATION watchers, as Windows and Samba report it.
        boolean modified = !dir && (f & (CHANGE_ATTRIBUTES | CHANGE_CREATION)) != 0;
        if (!names && !modified) {
          yield List.of();
        }
        String from = pathOrNull(e.fromDirectory(), e.fromName());
        String to = pathOrNull(e.directory(), e.name());
        List<Fscc.NotifyEntry> out = new ArrayList<>(3);
        if (!names) {
          if (to != null) {
            out.add(new Fscc.NotifyEntry(Fscc.FILE_ACTION_MODIFIED, to));
          }
          yield out;
        }
        if (from != null && to != null) {
          out.add(new Fscc.NotifyEntry(Fscc.FILE_ACTION_RENAMED_OLD_NAME, from));
          out.add(new Fscc.NotifyEntry(Fscc.FILE_ACTION_RENAMED_NEW_NAME, to));
        } else if (from != null) {
          out.add(new Fscc.NotifyEntry(Fscc.FILE_ACTION_REMOVED, from));
        } else if (to != null) {
          out.add(new Fscc.NotifyEntry(Fscc.FILE_ACTION_ADDED, to));
        }
        if (modified && to != null) {
          out.add(new Fscc.NotifyEntry(Fscc.FILE_ACTION_MODIFIED, to));
        }
        yield out;
      }
      case MODIFIED -> (f & (CHANGE_SIZE | CHANGE_LAST_WRITE)) == 0 ? List.of()
          : named(Fscc.FILE_ACTION_MODIFIED, e.directory(), e.name());
      case ATTRIBUTES -> (f & (CHANGE_ATTRIBUTES | CHANGE_LAST_WRITE | CHANGE_LAST_ACCESS | CHANGE_CREATION
          | CHANGE_SECURITY)) == 0 ? List.of() : named(Fscc.FILE_ACTION_MODIFIED, e.directory(), e.name());
      // The backend's event does not name the extended attribute, and SMB keeps the DOS attributes
      // (hidden, system, read-only, archive) in one: an xattr change is reported to EA and to ATTRIBUTES
      // watchers alike (smbtorture smb2.notify.mask-change sets FILE_ATTRIBUTE_HIDDEN).
      case XATTRS -> (f & (CHANGE_EA | CHANGE_ATTRIBUTES)) == 0 ? List.of()
          : named(Fscc.FILE_ACTION_MODIFIED, e.directory(), e.name());
      case OVERFLOW -> List.of();
    };
  }

  private List<Fscc.NotifyEntry> named(int action, @Nullable ObjectId dir, @Nullable String name) throws NotFound {
    if (dir == null || name == null) {
      return List.of();
    }
    return List.of(new Fscc.NotifyEntry(action, path(dir, name)));
  }

  /** The path of an entry relative to the watched directory, or null when the entry is outside the watch. */
  private @Nullable String pathOrNull(@Nullable ObjectId dir, @Nullable String name) throws NotFound {
    if (dir == null || name == null) {
      return null;
    }
    if (!tree && !dir.equals(target)) {
      return null;
    }
    return path(dir, name);
  }

  private String path(ObjectId dir, String name) throws NotFound {
    // Names are reported as SMB carries them (WireNames: characters Windows cannot hold in private use).
    if (dir.equals(target)) {
      return WireNames.toWire(name);
    }
    String d;
    synchronized (this) {
      d = directories.get(dir);
    }
    if (d == null) {
      d = search(dir);
    }
    return d + "\\" + WireNames.toWire(name);
  }

  /**
   * Finds a directory below the watched one, breadth first (the backend keeps no parent pointers),
   * remembering the relative paths of the directories it passes.
   */
  private String search(ObjectId wanted) throws NotFound {
    Volume v = volume.get();
    ArrayDeque<Map.Entry<ObjectId, String>> queue = new ArrayDeque<>();
    queue.add(Map.entry(target, ""));
    Map<ObjectId, String> seen = new HashMap<>();
    int visited = 0;
    while (!queue.isEmpty() && visited++ < MAX_DIRECTORIES_SEARCHED) {
      Map.Entry<ObjectId, String> at = queue.poll();
      DirCursor c = DirCursor.START;
      while (true) {
        DirPage p = v.readdir(at.getKey(), c, 1_000, false);
        for (DirEntry de : p.entries()) {
          if (de.type() == ObjectType.DIRECTORY) {
            String wire = WireNames.toWire(de.name());
            String rel = at.getValue().isEmpty() ? wire : at.getValue() + "\\" + wire;
            seen.put(de.id(), rel);
            queue.add(Map.entry(de.id(), rel));
          }
        }
        if (p.end()) {
          break;
        }
        c = p.next();
      }
      String found = seen.get(wanted);
      if (found != null) {
        synchronized (this) {
          directories.putAll(seen);
        }
        return found;
      }
    }
    throw new NotFound();
  }

  /** A directory of an event is not (or no longer) below the watched one. */
  private static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;

    NotFound() {
      super(null, null, false, false);
    }
  }

  /**
   * The watched directory became delete-pending ([MS-FSA] 2.1.5.4 and 2.1.5.15.3): every waiting request,
   * and every later one, ends with STATUS_DELETE_PENDING (smbtorture smb2.notify.rmdir1-4).
   */
  public void deletePending() {
    List<Waiting> ended;
    synchronized (this) {
      if (closed || deleted) {
        return;
      }
      deleted = true;
      ended = List.copyOf(waiting);
      waiting.clear();
    }
    for (Waiting w : ended) {
      w.waiter().complete(NtStatus.DELETE_PENDING, Bytes.EMPTY);
    }
  }

  /** Ends the watch: the subscription closes and every waiting request ends with STATUS_NOTIFY_CLEANUP. */
  @Override
  public void close() {
    List<Waiting> ended;
    WatchSubscription s;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ended = List.copyOf(waiting);
      waiting.clear();
      s = subscription;
      subscription = null;
    }
    if (s != null) {
      s.close();
    }
    for (Waiting w : ended) {
      w.waiter().complete(NtStatus.NOTIFY_CLEANUP, Bytes.EMPTY);
    }
  }
}

package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.ObjectId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-wide state of each object that has SMB opens, shared by every connection ([MS-FSA] 2.1.1.5
 * File.DeletePending, and Open.File shared by opens): how many opens it has and whether it is to be
 * deleted when the last one closes. The backend keeps share reservations and byte-range locks; delete
 * pending is SMB semantics with no backend counterpart, so it lives here. Thread-safe (every connection
 * runs on its own thread).
 */
public final class ObjectTable {
  /** An object's key: its volume and id (ids are unique within a volume). */
  private record Key(String volume, ObjectId id) {}

  /** The shared state of one object with opens. Guarded by the table. */
  public static final class Entry {
    private final Key key;
    private List<ObjectId> ancestors = List.of();
    private int opens;
    private boolean deletePending;
    private boolean changeTimeSet;
    private long changeTime;
    private long changeCounter;
    private final List<Runnable> onDeletePending = new ArrayList<>();

    private Entry(Key key) {
      this.key = key;
    }

    /** @return the object */
    public ObjectId id() {
      return key.id();
    }
  }

  private final Map<Key, Entry> entries = new HashMap<>();

  /** An empty table. */
  public ObjectTable() {}

  /**
   * Counts one more open of an object.
   *
   * @param volume the volume name
   * @param id the object
   * @param ancestors the directories from the root down to the object's parent, as the open found them
   *     (kept from the first open; see {@link #hasOpenBelow})
   * @return the shared entry; a caller that finds it {@link #deletePending(Entry) delete-pending} must
   *     release it and fail the open with STATUS_DELETE_PENDING ([MS-FSA] 2.1.5.1.2)
   */
  public synchronized Entry acquire(String volume, ObjectId id, List<ObjectId> ancestors) {
    Key k = new Key(requireNonNull(volume, "volume"), requireNonNull(id, "id"));
    Entry e = entries.computeIfAbsent(k, Entry::new);
    if (e.opens == 0) {
      e.ancestors = List.copyOf(ancestors);
    }
    e.opens++;
    return e;
  }

  /**
   * Whether any object below a directory has SMB opens: such a directory cannot be renamed ([MS-FSA]
   * 2.1.5.15.12: STATUS_ACCESS_DENIED), which also keeps the recorded ancestors true for as long as the
   * opens last (renames by other protocols aside).
   *
   * @param volume the volume name
   * @param dir the directory
   * @return true if an open object has {@code dir} among its ancestors
   */
  public synchronized boolean hasOpenBelow(String volume, ObjectId dir) {
    for (Entry e : entries.values()) {
      if (e.key.volume().equals(volume) && e.ancestors.contains(dir)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an object is delete-pending.
   *
   * @param e the entry
   * @return true once a disposition or a delete-on-close open marked it
   */
  public synchronized boolean deletePending(Entry e) {
    return e.deletePending;
  }

  /**
   * Sets or clears delete-pending (FileDispositionInformation, [MS-FSA] 2.1.5.15.3).
   *
   * @param e the entry
   * @param pending the new value
   */
  public void deletePending(Entry e, boolean pending) {
    List<Runnable> notify;
    synchronized (this) {
      notify = pending && !e.deletePending ? List.copyOf(e.onDeletePending) : List.of();
      e.deletePending = pending;
    }
    notify.forEach(Runnable::run);
  }

  /**
   * Registers what to run when the object becomes delete-pending while it has opens (a directory's
   * waiting CHANGE_NOTIFY requests then end with STATUS_DELETE_PENDING); runs it at once if it already is.
   * Listeners run outside the table's lock and go with the entry.
   *
   * @param e the entry
   * @param listener what to run
   */
  public void onDeletePending(Entry e, Runnable listener) {
    boolean now;
    synchronized (this) {
      e.onDeletePending.add(requireNonNull(listener, "listener"));
      now = e.deletePending;
    }
    if (now) {
      listener.run();
    }
  }

  /**
   * Counts one open less.
   *
   * @param e the entry
   * @param deleteOnClose whether the closing open was created with FILE_DELETE_ON_CLOSE, which makes the
   *     object delete-pending as it closes ([MS-FSA] 2.1.5.4)
   * @return whether this was the last open of a delete-pending object: the caller removes it
   */
  public boolean release(Entry e, boolean deleteOnClose) {
    List<Runnable> notify = List.of();
    synchronized (this) {
      if (deleteOnClose && !e.deletePending) {
        e.deletePending = true;
        if (e.opens > 1) {
          notify = List.copyOf(e.onDeletePending);
        }
      }
      e.opens--;
      if (e.opens <= 0) {
        entries.remove(e.key, e);
        return e.deletePending;
      }
    }
    notify.forEach(Runnable::run);
    return false;
  }

  /**
   * Records a ChangeTime a client set explicitly (FileBasicInformation). The backend keeps its own
   * change time and cannot be told another, so the value is kept here while the object has opens and
   * answered as long as the object's change counter stays where it was after the set: the next change
   * of the object (a write, a rename, an attribute change) makes the backend's change time current
   * again, as NTFS moves ChangeTime then.
   *
   * @param e the entry
   * @param filetime the ChangeTime set (FILETIME)
   * @param counter the object's change counter after the set ({@code Attributes.change()})
   */
  public synchronized void changeTimeSet(Entry e, long filetime, long counter) {
    e.changeTimeSet = true;
    e.changeTime = filetime;
    e.changeCounter = counter;
  }

  /**
   * The ChangeTime to report for an object.
   *
   * @param volume the volume name
   * @param id the object
   * @param counter its current change counter
   * @param backend the backend's change time (FILETIME)
   * @return the client-set ChangeTime if one is current, else {@code backend}
   */
  public synchronized long changeTime(String volume, ObjectId id, long counter, long backend) {
    Entry e = entries.get(new Key(volume, id));
    return e != null && e.changeTimeSet && e.changeCounter == counter ? e.changeTime : backend;
  }

  /**
   * Whether an object has SMB opens.
   *
   * @param volume the volume name
   * @param id the object
   * @return true if at least one open holds it
   */
  public synchronized boolean isOpen(String volume, ObjectId id) {
    return entries.containsKey(new Key(volume, id));
  }

  /**
   * How many objects have opens (tests and the admin view).
   *
   * @return the count
   */
  public synchronized int size() {
    return entries.size();
  }
}

package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Caller;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.Volume;
import org.jspecify.annotations.Nullable;

/**
 * What the file commands of one tree connect use: the share's volume, its defaults for new objects, the
 * session user's {@link Caller} there, and the backend lock session that holds the share reservations of
 * the tree's opens (one per tree, so a session's opens conflict with each other exactly as opens of
 * different sessions do, as [MS-FSA] 2.1.5.1.2 wants). Closed with the tree.
 */
public final class TreeFiles implements AutoCloseable {
  private final Volume volume;
  private final VolumeDefaults defaults;
  private final Caller caller;
  private final AccessChecker checker;
  private final String description;
  private @Nullable LockSession locks;
  private int holds;
  private boolean treeClosed;

  /**
   * The files of a tree connect.
   *
   * @param volume the undecorated volume the share maps to
   * @param defaults its defaults for new objects
   * @param caller the session's user on the volume
   * @param checker the permission checks
   * @param description names the lock session (session and tree ids) in backend diagnostics
   */
  public TreeFiles(Volume volume, VolumeDefaults defaults, Caller caller, AccessChecker checker,
      String description) {
    this.volume = requireNonNull(volume, "volume");
    this.defaults = requireNonNull(defaults, "defaults");
    this.caller = requireNonNull(caller, "caller");
    this.checker = requireNonNull(checker, "checker");
    this.description = requireNonNull(description, "description");
  }

  /**
   * A fresh checked view of the volume for one request (the view caches directory attributes, so it
   * must not outlive the request).
   *
   * @return the view
   */
  public CheckedVolume view() {
    return new CheckedVolume(volume, caller, defaults, checker);
  }

  /** @return the volume name */
  public String volumeName() {
    return volume.name();
  }

  /**
   * The lock session holding the tree's share reservations, opened on first use.
   *
   * @return the lock session
   */
  public synchronized LockSession locks() {
    if (locks == null) {
      locks = volume.openSession(description);
    }
    return locks;
  }

  /**
   * Keeps the lock session open past the tree's close: a durable open preserved after its connection
   * dropped keeps its share reservation and byte-range locks ([MS-SMB2] 3.3.7.1). Paired with
   * {@link #release()}.
   */
  public synchronized void retain() {
    holds++;
  }

  /** Ends a {@link #retain()}; the lock session closes if the tree closed and nothing else holds it. */
  public synchronized void release() {
    holds--;
    if (holds <= 0 && treeClosed) {
      closeLocks();
    }
  }

  @Override
  public synchronized void close() {
    treeClosed = true;
    if (holds <= 0) {
      closeLocks();
    }
  }

  private void closeLocks() {
    if (locks != null) {
      locks.close();
      locks = null;
    }
  }
}

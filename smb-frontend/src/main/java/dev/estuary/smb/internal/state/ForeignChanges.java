package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.smb.internal.state.Oplocks.FileKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend watches of files under oplocks or leases, which tell changes made by other protocols (and by
 * other servers on the same backend) from this server's own writes. [MS-SMB2] 3.3.4.6/3.3.4.7 break caching
 * when another open would change the file; a change through NFS, S3 or the dataset service is such an open
 * that SMB never sees, so the backend's change events stand in for it. The decision is made per event: a
 * MODIFIED event whose change counter one of this server's writes produced ({@link #ownChangeStarts}) is
 * not foreign; attribute, EA and name changes leave cached data valid. Without WATCH (or without read
 * permission to watch) a file gets no such breaks, which is logged.
 *
 * <p>Thread-safe. {@link Oplocks} calls in with its own lock held ({@link #claim}, {@link #unwatch}); this
 * class never calls {@link Oplocks} with its lock held, so the order is always the table first.
 */
final class ForeignChanges {
  private static final Logger log = LoggerFactory.getLogger(ForeignChanges.class);

  /** Change counters of this server's own writes remembered per file until their events arrive. */
  private static final int OWN_BOUND = 256;

  /** One file's watch. Guarded by the enclosing instance. */
  static final class Watch {
    private @Nullable WatchSubscription subscription;
    private boolean closed;
    /** SMB writes under way: events that arrive meanwhile wait until their change counters are known. */
    private int inflight;
    private final List<ChangeEvent> deferred = new ArrayList<>();
    /** Change counters of this server's writes not seen as events yet (bounded). */
    private final Set<Long> own = new LinkedHashSet<>();
    /** Own changes whose counter the handle does not show (allocation): the next MODIFIED events are theirs. */
    private int unnumbered;

    private Watch() {}
  }

  /** Ends an SMB data change: its change counter, or -1 if it failed or is unknown. */
  @FunctionalInterface
  public interface Token {
    /** For a file nobody watches. */
    Token NONE = counter -> { };

    /** The counter of a change the backend does not show through the handle (an allocation). */
    long UNNUMBERED = -2;

    /**
     * The change happened (or failed).
     *
     * @param counter the file's change counter after it, -1 when unknown
     */
    void done(long counter);

    /** @return whether the change counter is needed (the caller may skip reading it otherwise) */
    default boolean wanted() {
      return this != NONE;
    }
  }

  private final Map<FileKey, Watch> watched = new HashMap<>();
  private final Consumer<FileKey> onForeign;

  /**
   * The watches.
   *
   * @param onForeign breaks a file's caching after a foreign change; called with no lock held
   */
  ForeignChanges(Consumer<FileKey> onForeign) {
    this.onForeign = requireNonNull(onForeign, "onForeign");
  }

  /**
   * Reserves the watch of a file.
   *
   * @param f the file
   * @return the new watch to {@link #subscribe}, or null if the file is watched already
   */
  synchronized @Nullable Watch claim(FileKey f) {
    if (watched.containsKey(f)) {
      return null;
    }
    Watch w = new Watch();
    watched.put(f, w);
    return w;
  }

  /**
   * Subscribes a claimed watch to the backend's events of its file (outside any lock: the backend may call
   * back at once).
   *
   * @param f the file
   * @param w the watch {@link #claim} returned
   * @param subscribe subscribes a listener to the object's changes
   */
  void subscribe(FileKey f, Watch w, Function<WatchListener, WatchSubscription> subscribe) {
    WatchSubscription sub;
    try {
      sub = subscribe.apply(e -> onEvent(f, w, e));
    } catch (RuntimeException e) {
      log.info("smb caching of {} in {}: changes by other protocols will not break it ({})", f.id(), f.volume(),
          e.getMessage());
      return;
    }
    boolean close;
    synchronized (this) {
      close = w.closed;
      w.subscription = sub;
    }
    if (close) {
      sub.close();
    }
  }

  /**
   * An SMB data change of a file is about to happen.
   *
   * @param f the file
   * @return the token to call after the change with the file's change counter then
   */
  synchronized Token ownChangeStarts(FileKey f) {
    Watch w = watched.get(f);
    if (w == null) {
      return Token.NONE;
    }
    w.inflight++;
    return counter -> ownChange(f, w, counter);
  }

  /**
   * Stops watching a file that has no opens left; the subscription is closed by {@code after}, outside the
   * caller's lock.
   *
   * @param f the file
   * @param after collects what to run once the caller's lock is released
   */
  synchronized void unwatch(FileKey f, List<Runnable> after) {
    Watch w = watched.remove(f);
    if (w != null) {
      w.closed = true;
      WatchSubscription s = w.subscription;
      if (s != null) {
        after.add(s::close);
      }
    }
  }

  private void ownChange(FileKey f, Watch w, long counter) {
    List<ChangeEvent> replay;
    synchronized (this) {
      if (counter >= 0) {
        w.own.add(counter);
        if (w.own.size() > OWN_BOUND) {
          w.own.remove(w.own.iterator().next());
        }
      } else if (counter == Token.UNNUMBERED) {
        w.unnumbered++;
      }
      w.inflight--;
      if (w.inflight > 0 || w.deferred.isEmpty()) {
        return;
      }
      replay = List.copyOf(w.deferred);
      w.deferred.clear();
    }
    replay.forEach(e -> onEvent(f, w, e));
  }

  private void onEvent(FileKey f, Watch w, ChangeEvent e) {
    synchronized (this) {
      if (w.closed) {
        return;
      }
      if (e.kind() != ChangeKind.MODIFIED && e.kind() != ChangeKind.REMOVED && e.kind() != ChangeKind.OVERFLOW) {
        // Attribute, EA and name changes leave cached data valid (renames by SMB clients are their own).
        return;
      }
      if (w.inflight > 0) {
        w.deferred.add(e);
        return;
      }
      if (e.kind() == ChangeKind.MODIFIED && w.own.remove(e.change())) {
        return;
      }
      if (e.kind() == ChangeKind.MODIFIED && w.unnumbered > 0) {
        w.unnumbered--;
        return;
      }
    }
    log.debug("smb caching of {} broken: {} by another protocol", f.id(), e.kind());
    onForeign.accept(f);
  }
}

package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.FileId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable opens whose connection dropped ([MS-SMB2] 3.3.7.1: Open.Connection NULL, kept for
 * Open.DurableOpenTimeout with the file's share reservation, byte-range locks and caching), until a
 * reconnect claims them (3.3.5.9.7, 3.3.5.9.12) or the timeout scavenges them (3.3.6.2 durable open
 * scavenger timer). A break they would need closes them at once ({@link Oplocks#disconnected}). Thread-safe.
 */
public final class DurableOpens {
  private static final Logger log = LoggerFactory.getLogger(DurableOpens.class);

  /** A preserved open and what ends it. */
  private record Preserved(Open open, Consumer<Open> closer, Runnable cancelExpiry) {}

  private final Oplocks.Scheduler scheduler;
  private final Map<FileId, Preserved> preserved = new HashMap<>();

  /**
   * An empty table.
   *
   * @param scheduler runs the expiry of each preserved open
   */
  public DurableOpens(Oplocks.Scheduler scheduler) {
    this.scheduler = requireNonNull(scheduler, "scheduler");
  }

  /**
   * Keeps an open of a lost connection if it is durable.
   *
   * @param o the open (already removed from its session)
   * @param closer closes it for good (expiry, purge)
   * @return false if the open is not durable: the caller closes it
   */
  public boolean preserve(Open o, Consumer<Open> closer) {
    OpenCaching c = o.caching();
    if (c == null || c.durability() == null) {
      return false;
    }
    c.retain(o.files());
    Runnable cancel;
    synchronized (this) {
      cancel = scheduler.schedule(c.durability().timeout(), () -> expire(o));
      preserved.put(o.fileId(), new Preserved(o, closer, cancel));
    }
    c.oplocks().disconnected(c.holder(), () -> expire(o));
    return true;
  }

  /**
   * A closer for opens whose session ends without a CLOSE (connection loss, LOGOFF, a session reconnect):
   * durable opens are preserved ([MS-SMB2] 3.3.7.1; smbtorture smb2.durable-open.reopen4 reconnects one
   * after a LOGOFF), the others closed.
   *
   * @param closer closes an open for good
   * @return the closer that preserves durable opens
   */
  public Consumer<Open> preservingOr(Consumer<Open> closer) {
    return o -> {
      if (!preserve(o, closer)) {
        closer.accept(o);
      }
    };
  }

  /**
   * The preserved open a reconnect names, left in place.
   *
   * @param fileId the FileId of the DHnC or DH2C context
   * @return the open, or null
   */
  public synchronized @Nullable Open find(FileId fileId) {
    Preserved p = preserved.get(fileId);
    return p == null ? null : p.open();
  }

  /**
   * Takes a preserved open for a reconnect.
   *
   * @param o the open {@link #find} returned
   * @return false if it expired or was purged meanwhile
   */
  public boolean claim(Open o) {
    Preserved p;
    synchronized (this) {
      p = preserved.get(o.fileId());
      if (p == null || p.open() != o) {
        return false;
      }
      preserved.remove(o.fileId());
    }
    p.cancelExpiry().run();
    return true;
  }

  /**
   * How many opens wait for their client (tests, admin view).
   *
   * @return the count
   */
  public synchronized int size() {
    return preserved.size();
  }

  private void expire(Open o) {
    Preserved p;
    synchronized (this) {
      p = preserved.get(o.fileId());
      if (p == null || p.open() != o) {
        return;
      }
      preserved.remove(o.fileId());
    }
    p.cancelExpiry().run();
    log.info("smb durable open {} of {} closed: not reconnected in time or its caching was broken", o.fileId(),
        o.path());
    try {
      p.closer().accept(o);
    } catch (RuntimeException e) {
      log.warn("smb durable open {}: close failed", o.fileId(), e);
    }
  }
}

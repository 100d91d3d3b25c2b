package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's table of what clients hold open: file handles, lock sessions, share reservations and
 * watches, each under a 64-bit reference id and owned by one client's lease. A client that stops
 * renewing for the lease time loses them all ({@link #expire}), which is how the locks, share
 * reservations and open-unlinked files of a dead frontend process are released. Reference ids
 * start at a random value for each server, so an id from before a restart names nothing
 * ({@link ErrorKind#STALE}) instead of another client's object. Thread-safe.
 */
public final class References {
  private static final Logger LOG = LoggerFactory.getLogger(References.class);

  /** Most references one client may hold; a client past it is refused, not the server exhausted. */
  public static final int MAX_PER_CLIENT = 262_144;

  private final Clock clock;
  private final Duration lease;
  private final int maxPerClient;
  private final ConcurrentHashMap<Long, Client> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Ref> refs = new ConcurrentHashMap<>();
  private final AtomicLong next;

  /** One client's lease and what it holds. Guarded by itself for add against expiry. */
  private static final class Client {
    final long id;
    volatile Instant renewed;
    final Set<Long> held = ConcurrentHashMap.newKeySet();
    boolean gone;

    Client(long id, Instant now) {
      this.id = id;
      this.renewed = now;
    }
  }

  /** One reference: its target, how to close it, and the references closed with it. */
  private static final class Ref {
    final long id;
    final Client owner;
    final Object target;
    final AutoCloseable closer;
    final @Nullable Ref parent;
    final Set<Long> children = ConcurrentHashMap.newKeySet();

    Ref(long id, Client owner, Object target, AutoCloseable closer, @Nullable Ref parent) {
      this.id = id;
      this.owner = owner;
      this.target = target;
      this.closer = closer;
      this.parent = parent;
    }
  }

  /**
   * Creates an empty table.
   *
   * @param clock the time leases are measured on
   * @param lease how long a client's references outlive its last renewal
   */
  public References(Clock clock, Duration lease) {
    this(clock, lease, MAX_PER_CLIENT);
  }

  /**
   * Creates an empty table with a given limit per client.
   *
   * @param clock the time leases are measured on
   * @param lease how long a client's references outlive its last renewal
   * @param maxPerClient most references one client may hold
   */
  public References(Clock clock, Duration lease, int maxPerClient) {
    this.clock = clock;
    this.lease = lease;
    this.maxPerClient = maxPerClient;
    // Positive, and far from any other server's range with overwhelming probability.
    this.next = new AtomicLong((new SecureRandom().nextLong() >>> 2) + 1);
  }

  /**
   * Returns the lease time.
   *
   * @return the lease
   */
  public Duration lease() {
    return lease;
  }

  /**
   * Starts or renews a client's lease.
   *
   * @param client the client's id
   */
  public void renew(long client) {
    Instant now = clock.instant();
    clients.compute(client, (id, c) -> {
      if (c == null) {
        return new Client(id, now);
      }
      c.renewed = now;
      return c;
    });
  }

  /**
   * Adds a reference owned by a client, renewing its lease.
   *
   * @param client the owner
   * @param target the object
   * @param closer what closes it when the reference goes
   * @param parent a reference whose closing closes this one too (a reservation's session), or 0
   * @return the new reference id
   */
  public long add(long client, Object target, AutoCloseable closer, long parent) {
    while (true) {
      renew(client);
      Client c = clients.get(client);
      if (c == null) {
        continue;
      }
      synchronized (c) {
        if (c.gone) {
          continue;
        }
        if (c.held.size() >= maxPerClient) {
          closeQuietly(closer);
          throw new DfsException(ErrorKind.QUOTA_EXCEEDED, "remote client " + Long.toHexString(client)
              + " holds " + c.held.size() + " open handles, sessions, reservations and watches"
              + " (expected: at most " + maxPerClient + "; close some)");
        }
        Ref p = parent == 0 ? null : refs.get(parent);
        if (parent != 0 && p == null) {
          closeQuietly(closer);
          throw stale(parent, "parent");
        }
        long id = next.getAndIncrement();
        Ref r = new Ref(id, c, target, closer, p);
        refs.put(id, r);
        c.held.add(id);
        if (p != null) {
          p.children.add(id);
        }
        return id;
      }
    }
  }

  /**
   * Adds a reference closed with its parent and owned by the parent's client.
   *
   * @param parent the parent reference (a share reservation's lock session)
   * @param target the object
   * @param closer what closes it when the reference goes
   * @return the new reference id
   * @throws DfsException {@link ErrorKind#STALE} if the parent is not open (the target is closed)
   */
  public long addChild(long parent, Object target, AutoCloseable closer) {
    Ref p = refs.get(parent);
    if (p == null) {
      closeQuietly(closer);
      throw stale(parent, "parent reference");
    }
    return add(p.owner.id, target, closer, parent);
  }

  /**
   * Returns the object of a reference.
   *
   * @param <T> its type
   * @param id the reference
   * @param type its class
   * @param what what it is, for the error message
   * @return the object
   * @throws DfsException {@link ErrorKind#STALE} if no such reference is open
   */
  public <T> T get(long id, Class<T> type, String what) {
    Ref r = refs.get(id);
    if (r == null || !type.isInstance(r.target)) {
      throw stale(id, what);
    }
    return type.cast(r.target);
  }

  /**
   * Returns the object of a reference that a given client owns: for requests that carry the
   * client's id themselves (the descriptor socket), so a reference learnt by another client gives
   * nothing.
   *
   * @param <T> its type
   * @param client the client asking
   * @param id the reference
   * @param type its class
   * @param what what it is, for the error message
   * @return the object
   * @throws DfsException {@link ErrorKind#STALE} if no such reference is open for that client
   */
  public <T> T owned(long client, long id, Class<T> type, String what) {
    Ref r = refs.get(id);
    if (r == null || r.owner.id != client || !type.isInstance(r.target)) {
      throw stale(id, what);
    }
    return type.cast(r.target);
  }

  /**
   * Closes a reference and those closed with it. Unknown ids are ignored (close is idempotent).
   *
   * @param id the reference
   */
  public void close(long id) {
    Ref r = refs.remove(id);
    if (r == null) {
      return;
    }
    r.owner.held.remove(id);
    if (r.parent != null) {
      r.parent.children.remove(id);
    }
    for (Long child : List.copyOf(r.children)) {
      close(child);
    }
    closeQuietly(r.closer);
  }

  /**
   * Ends a client: closes every reference it holds.
   *
   * @param client the client
   */
  public void end(long client) {
    Client c = clients.remove(client);
    if (c != null) {
      endClient(c);
    }
  }

  private void endClient(Client c) {
    synchronized (c) {
      c.gone = true;
    }
    for (Long id : List.copyOf(c.held)) {
      close(id);
    }
  }

  /**
   * Ends every client whose lease has lapsed.
   *
   * @return how many clients were ended
   */
  public int expire() {
    Instant limit = clock.instant().minus(lease);
    List<Client> lapsed = new ArrayList<>();
    for (Client c : clients.values()) {
      if (c.renewed.isBefore(limit) && clients.remove(c.id, c)) {
        lapsed.add(c);
      }
    }
    for (Client c : lapsed) {
      LOG.info("remote client {} missed its lease of {}: closing its {} references",
          Long.toHexString(c.id), lease, c.held.size());
      endClient(c);
    }
    return lapsed.size();
  }

  /** Ends every client (server shutdown). */
  public void closeAll() {
    for (Long id : List.copyOf(clients.keySet())) {
      end(id);
    }
  }

  /**
   * Returns how many references are open.
   *
   * @return the count
   */
  public int size() {
    return refs.size();
  }

  private static DfsException stale(long id, String what) {
    return new DfsException(ErrorKind.STALE, what + " " + Long.toHexString(id)
        + " is not open on the remote backend (expected: an open reference; it was closed, its"
        + " client's lease lapsed or the server restarted)");
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing a remote reference failed: {}", e.toString());
    }
  }
}

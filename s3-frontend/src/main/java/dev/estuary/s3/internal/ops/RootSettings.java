package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bucket settings kept as extended attributes of each volume's root (versioning, Object Lock,
 * default encryption, CORS, lifecycle, owner, policy, ACL, ownership controls, public access
 * block, the volume defaults), read from the backend once per change of the root rather than by
 * every reader of every request.
 *
 * <p>WHY: a plain PutObject asks about seven of them (the access decision, the volume defaults,
 * Object Lock, default encryption, versioning, lifecycle), each reader listing the root's
 * attributes and reading the ones present: about ten backend reads of the same few values per
 * request, which profiles showed cost more than the object's own metadata. {@link #wrap} returns
 * a decorator whose {@link Volume#listXattrs} and {@link Volume#getXattr} of the root answer from
 * a snapshot kept per volume, and every other call goes to the backend unchanged.
 *
 * <p>Correctness across protocols and processes rests on the contract's change counter ({@link
 * Attributes#change()}: it moves on every modification of an object, extended attributes
 * included, and never goes back): each answer first reads the root's attributes from the backend
 * and uses the snapshot only when it was taken at the same root object and the same counter. A
 * snapshot is taken after reading the counter, so what it holds is never older than the counter
 * it is filed under; a setting changed by anyone (another request, another gateway on the same
 * engine, the CLI) moves the counter and the next answer reads the backend again. Values are read
 * when first asked and kept in the snapshot of the counter they were read under.
 */
public final class RootSettings {
  /** Buckets whose snapshots are kept; beyond it the map starts over (a bucket count, not bytes). */
  static final int MAX_VOLUMES = 4096;

  private final ConcurrentHashMap<String, Snapshot> byVolume = new ConcurrentHashMap<>();

  /** Creates an empty cache. */
  public RootSettings() {}

  /**
   * The root's attribute names as of one change of the root, and the values read so far.
   *
   * @param root the root object they were read from
   * @param change the root's change counter read before them
   * @param names the root's attribute names
   * @param values the values read so far, by name
   */
  private record Snapshot(ObjectId root, long change, List<String> names,
      ConcurrentHashMap<String, byte[]> values) {}

  /**
   * Returns a volume whose root settings are answered from this cache.
   *
   * @param v the volume
   * @return the decorated volume
   */
  public Volume wrap(Volume v) {
    return v instanceof Cached ? v : new Cached(v);
  }

  /**
   * Returns the volume under this cache's decorator, for the code that needs the volume exactly as
   * the backend's decorators made it ({@link dev.estuary.dfs.decorate.ReservedNamesDfs#privileged}
   * recognises its own decorator only).
   *
   * @param v a volume from {@link #wrap}, or any other
   * @return the volume {@link #wrap} was given, or {@code v}
   */
  public static Volume unwrap(Volume v) {
    return v instanceof Cached c ? c.delegate() : v;
  }

  /** The decorator; see the class comment. */
  private final class Cached extends ForwardingVolume {
    Cached(Volume delegate) {
      super(delegate);
    }

    /** The snapshot for the root's current change counter, taken now if there is none. */
    private Snapshot current(ObjectId root) {
      Volume d = delegate();
      Attributes a = d.getAttributes(root);
      Snapshot s = byVolume.get(d.name());
      if (s != null && s.change() == a.change() && s.root().equals(a.id())) {
        return s;
      }
      // The counter first, then the names: a snapshot is never older than its counter.
      Snapshot fresh = new Snapshot(a.id(), a.change(), List.copyOf(Xattrs.names(d, root)),
          new ConcurrentHashMap<>());
      if (byVolume.size() >= MAX_VOLUMES) {
        byVolume.clear();
      }
      byVolume.put(d.name(), fresh);
      return fresh;
    }

    /** Forwarded whole (the root is a directory, never read this way). */
    @Override
    public SmallRead readSmall(ObjectId id, int maxBytes, Set<String> xattrs) {
      return delegate().readSmall(id, maxBytes, xattrs);
    }

    @Override
    public List<String> listXattrs(ObjectId id) {
      if (!id.equals(root())) {
        return super.listXattrs(id);
      }
      return current(id).names();
    }

    @Override
    public byte[] getXattr(ObjectId id, String name) {
      requireNonNull(name, "name");
      if (!id.equals(root())) {
        return super.getXattr(id, name);
      }
      Snapshot s = current(id);
      if (!s.names().contains(name)) {
        throw new DfsException(ErrorKind.NO_SUCH_XATTR,
            "xattr: '" + name + "' of the root of volume '" + name() + "' (expected: a set one)");
      }
      byte[] v = s.values().get(name);
      if (v == null) {
        // Read under this snapshot's counter or later: never older than the snapshot.
        v = delegate().getXattr(id, name);
        s.values().putIfAbsent(name, v);
      }
      return v.clone();
    }
  }
}

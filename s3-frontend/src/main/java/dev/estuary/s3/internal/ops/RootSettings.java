package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>One request reads the counter once ({@link #forRequest}): its access decision, its handler
 * and its CORS headers ask for settings half a dozen times, each of which was one more
 * {@code getAttributes} of the root, a round trip over a remote backend (issue 13). Within the
 * request the snapshot checked first answers; a setting the request itself writes through its
 * bucket clears it, and one changed meanwhile by anyone else takes effect at the next request, as
 * the access checks' attributes do ({@code CheckedVolume}). The request's view also opens each
 * bucket once ({@link #open}).
 */
public final class RootSettings {
  /** Buckets whose snapshots are kept; beyond it the map starts over (a bucket count, not bytes). */
  static final int MAX_VOLUMES = 4096;

  private final ConcurrentHashMap<String, Snapshot> byVolume;
  /** The buckets one request opened, by name; null in the shared cache (no request). */
  private final @Nullable ConcurrentHashMap<String, Cached> opened;

  /** Creates an empty cache. */
  public RootSettings() {
    this(new ConcurrentHashMap<>(), null);
  }

  private RootSettings(ConcurrentHashMap<String, Snapshot> byVolume,
      @Nullable ConcurrentHashMap<String, Cached> opened) {
    this.byVolume = byVolume;
    this.opened = opened;
  }

  /**
   * Returns this cache's view for one request: it shares the snapshots, opens each bucket once and
   * checks each bucket's counter once (see the class comment). Not to be kept beyond the request.
   *
   * @return the request's view
   */
  public RootSettings forRequest() {
    return new RootSettings(byVolume, new ConcurrentHashMap<>());
  }

  /**
   * Opens a bucket's volume with its root settings answered from this cache; in a request's view,
   * the same volume for every call of the request (a failure is not kept).
   *
   * @param name the bucket's name
   * @param opener opens the backend's volume of that name
   * @return the decorated volume
   */
  public Volume open(String name, Function<String, Volume> opener) {
    if (opened == null) {
      return new Cached(opener.apply(name), false);
    }
    Cached c = opened.get(name);
    if (c == null) {
      Cached fresh = new Cached(opener.apply(name), true);
      c = opened.putIfAbsent(name, fresh);
      if (c == null) {
        c = fresh;
      }
    }
    return c;
  }

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
    return v instanceof Cached ? v : new Cached(v, opened != null);
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
    /** Whether this volume serves one request, which checks the root's counter once. */
    private final boolean perRequest;
    /** The snapshot this request checked; null until then, and after it writes a root setting. */
    private volatile @Nullable Snapshot checked;
    /** The root's attributes as this request first read them; null after it changed the root. */
    private volatile @Nullable Attributes rootSeen;

    Cached(Volume delegate, boolean perRequest) {
      super(delegate);
      this.perRequest = perRequest;
    }

    /**
     * The snapshot for the root's current change counter, taken now if there is none; in a
     * request, the one checked first.
     */
    private Snapshot current(ObjectId root) {
      Snapshot mine = checked;
      if (mine != null) {
        return mine;
      }
      Volume d = delegate();
      Attributes a = getAttributes(root);
      Snapshot s = byVolume.get(d.name());
      if (s == null || s.change() != a.change() || !s.root().equals(a.id())) {
        // The counter first, then the names: a snapshot is never older than its counter.
        s = new Snapshot(a.id(), a.change(), List.copyOf(Xattrs.names(d, root)),
            new ConcurrentHashMap<>());
        if (byVolume.size() >= MAX_VOLUMES) {
          byVolume.clear();
        }
        byVolume.put(d.name(), s);
      }
      if (perRequest) {
        checked = s;
      }
      return s;
    }

    /**
     * The root's attributes: in a request, as it first read them (its identity, owner and mode
     * for the access checks, its group for the volume defaults), until the request changes the
     * root through this volume. The counter the settings are filed under is read here too.
     */
    @Override
    public Attributes getAttributes(ObjectId id) {
      if (!perRequest || !id.equals(root())) {
        return super.getAttributes(id);
      }
      Attributes a = rootSeen;
      if (a == null) {
        a = super.getAttributes(id);
        rootSeen = a;
      }
      return a;
    }

    /** Forgets what this request read of the root, before and after a change of it. */
    private <T> T changingRoot(boolean root, boolean settings, Supplier<T> op) {
      if (root) {
        forget(settings);
      }
      try {
        return op.get();
      } finally {
        if (root) {
          forget(settings);
        }
      }
    }

    private void forget(boolean settings) {
      rootSeen = null;
      if (settings) {
        checked = null;
      }
    }

    @Override
    public Attributes setAttributes(ObjectId id, SetAttributes changes) {
      return changingRoot(id.equals(root()), false, () -> super.setAttributes(id, changes));
    }

    @Override
    public Attributes create(ObjectId parent, String name, int mode, Ownership owner,
        boolean exclusive) {
      return changingRoot(parent.equals(root()), false,
          () -> super.create(parent, name, mode, owner, exclusive));
    }

    @Override
    public Attributes mkdir(ObjectId parent, String name, int mode,
        Ownership owner) {
      return changingRoot(parent.equals(root()), false,
          () -> super.mkdir(parent, name, mode, owner));
    }

    @Override
    public Attributes symlink(ObjectId parent, String name, String target,
        Ownership owner) {
      return changingRoot(parent.equals(root()), false,
          () -> super.symlink(parent, name, target, owner));
    }

    @Override
    public ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
      return changingRoot(parent.equals(root()), false, () -> super.remove(parent, name, kind));
    }

    @Override
    public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName,
        RenameMode mode) {
      changingRoot(srcParent.equals(root()) || dstParent.equals(root()), false, () -> {
        super.rename(srcParent, srcName, dstParent, dstName, mode);
        return null;
      });
    }

    @Override
    public Attributes link(ObjectId id, ObjectId parent, String name,
        RenameMode mode) {
      return changingRoot(parent.equals(root()), false,
          () -> super.link(id, parent, name, mode));
    }

    @Override
    public Attributes mkdirs(String path, int mode, Ownership owner) {
      return changingRoot(true, false, () -> super.mkdirs(path, mode, owner));
    }

    /** A root setting written by this request: its later reads check the counter again. */
    @Override
    public void setXattr(ObjectId id, String name, byte[] value, XattrMode mode) {
      changingRoot(id.equals(root()), true, () -> {
        super.setXattr(id, name, value, mode);
        return null;
      });
    }

    @Override
    public void removeXattr(ObjectId id, String name) {
      changingRoot(id.equals(root()), true, () -> {
        super.removeXattr(id, name);
        return null;
      });
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

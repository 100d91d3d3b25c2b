package dev.estuary.dfs.decorate;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A volume as every frontend sees it: the {@link ReservedNames reserved root entries} (folded name
 * starting with {@value ReservedNames#PREFIX}, any case) do not exist for reading and cannot be
 * made or changed.
 *
 * <ul>
 *   <li>Hidden: {@link #readdir} of the root leaves them out (pages are refilled, so a page is
 *       short only at the end); {@link #lookup} of one at the root gives {@link
 *       ErrorKind#NOT_FOUND}, as for a name that does not exist, so that lookups agree with
 *       listings (and {@link #resolve} of a path through one fails the same way); {@link
 *       #location} of a reserved root entry itself gives {@link ErrorKind#STALE}, as for an id that
 *       does not exist, so the reserved name is never shown.
 *   <li>Refused with {@link ErrorKind#ACCESS_DENIED} (see {@link ReservedNames#refuse}): {@link
 *       #create}, {@link #mkdir}, {@link #symlink}, {@link #link} and {@link #remove} of a reserved
 *       name at the root, and {@link #rename} from or to one. A change is refused rather than
 *       reported missing so that a client gets a clear answer and never a create that succeeds
 *       and then cannot be seen.
 * </ul>
 *
 * <p>What is not checked, and why: operations by object id ({@link #getAttributes}, {@link
 * #open}, xattrs, {@link #readdir} of a directory inside an area). The ids of objects inside a
 * reserved area are only learned from the area's listings and lookups, which this decorator hides,
 * so a frontend that only hands out ids it obtained through this volume never exposes them.
 * Checking every id's ancestry would cost a walk to the root per call. A frontend that accepts
 * ids from clients (NFS file handles, SMB file ids) must authenticate them before use (a MAC in
 * the handle, for instance), since ids are not secret. {@link #statfs} counts area objects like
 * any other, which reveals nothing but a number.
 */
public final class ReservedNamesVolume extends ForwardingVolume {

  /**
   * Decorates a volume.
   *
   * @param delegate the volume
   */
  public ReservedNamesVolume(Volume delegate) {
    super(delegate);
  }

  private boolean reserved(ObjectId parent, String name) {
    return ReservedNames.isReserved(delegate(), parent, name);
  }

  private void refuse(ObjectId parent, String name) {
    ReservedNames.refuse(delegate(), parent, name);
  }

  /** The answer for a lookup of a reserved root entry: the same as for a name that is not there. */
  private static DfsException hidden(String name) {
    return new DfsException(ErrorKind.NOT_FOUND,
        "name: '" + shortName(name) + "' does not exist (names starting with '"
            + ReservedNames.PREFIX + "' at the volume root are reserved and hidden)");
  }

  /** Adds the entries of a root page that are not reserved. */
  private static void addVisible(List<DirEntry> page, List<DirEntry> kept) {
    for (DirEntry e : page) {
      if (!ReservedNames.isReservedAtRoot(e.name())) {
        kept.add(e);
      }
    }
  }

  /**
   * Forwarded: like {@link #open}, it names an object by id, which a caller got through a name
   * this decorator already let it see.
   */
  @Override
  public SmallRead readSmall(ObjectId id, int maxBytes, Set<String> xattrs) {
    return delegate().readSmall(id, maxBytes, xattrs);
  }

  @Override
  public Attributes lookup(ObjectId parent, String name) {
    if (reserved(parent, name)) {
      throw hidden(name);
    }
    return super.lookup(parent, name);
  }

  @Override
  public Optional<Location> location(ObjectId id) {
    Optional<Location> l = super.location(id);
    if (l.isPresent() && reserved(l.get().parent(), l.get().name())) {
      throw new DfsException(ErrorKind.STALE, "object " + id + " does not exist (it is a reserved entry)");
    }
    return l;
  }

  @Override
  public Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
    refuse(parent, name);
    return super.create(parent, name, mode, owner, exclusive);
  }

  @Override
  public Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner) {
    refuse(parent, name);
    return super.mkdir(parent, name, mode, owner);
  }

  @Override
  public Attributes symlink(ObjectId parent, String name, String target, Ownership owner) {
    refuse(parent, name);
    return super.symlink(parent, name, target, owner);
  }

  @Override
  public ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
    refuse(parent, name);
    return super.remove(parent, name, kind);
  }

  @Override
  public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName, RenameMode mode) {
    refuse(srcParent, srcName);
    refuse(dstParent, dstName);
    super.rename(srcParent, srcName, dstParent, dstName, mode);
  }

  @Override
  public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
    refuse(parent, name);
    return super.link(id, parent, name, mode);
  }

  @Override
  public DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes) {
    DirPage page = super.readdir(dir, from, maxEntries, withAttributes);
    if (!dir.equals(root())) {
      return page;
    }
    List<DirEntry> kept = new ArrayList<>(page.entries().size());
    while (true) {
      addVisible(page.entries(), kept);
      // Refill a page that lost entries, so a short page still means the end.
      if (page.end() || kept.size() >= maxEntries || page.entries().isEmpty()) {
        return new DirPage(kept, page.next(), page.end());
      }
      page = super.readdir(dir, page.next(), maxEntries - kept.size(), withAttributes);
    }
  }

  @Override
  public CaseLookup lookupIgnoreCase(ObjectId parent, String name) {
    // A name that folds to a reserved one is reserved itself (ReservedNames compares folded), so
    // no user name can collide with a hidden entry.
    if (reserved(parent, name)) {
      throw hidden(name);
    }
    return super.lookupIgnoreCase(parent, name);
  }

  @Override
  public DirPositionPage readdirByPosition(
      ObjectId dir, long afterPosition, int maxEntries, boolean withAttributes) {
    DirPositionPage page = super.readdirByPosition(dir, afterPosition, maxEntries, withAttributes);
    if (!dir.equals(root())) {
      return page;
    }
    List<DirEntry> kept = new ArrayList<>(page.entries().size());
    while (true) {
      addVisible(page.entries(), kept);
      // Refill a page that lost entries, so a short page still means the end.
      if (page.end() || kept.size() >= maxEntries || page.entries().isEmpty()) {
        return new DirPositionPage(kept, page.last(), page.end());
      }
      page = super.readdirByPosition(dir, page.last(), maxEntries - kept.size(), withAttributes);
    }
  }

  /**
   * Subscribes with events about reserved root entries left out: a watcher of the root never
   * learns that an upload area came or went.
   */
  @Override
  public WatchSubscription watch(
      ObjectId target, WatchScope scope, int queueCapacity, Executor executor, WatchListener listener) {
    ObjectId root = root();
    return super.watch(target, scope, queueCapacity, executor, event -> {
      boolean hidden =
          (root.equals(event.directory()) && event.name() != null
              && ReservedNames.isReservedAtRoot(event.name()))
          || (root.equals(event.fromDirectory()) && event.fromName() != null
              && ReservedNames.isReservedAtRoot(event.fromName()));
      if (!hidden) {
        listener.onEvent(event);
      }
    });
  }

  private static String shortName(String name) {
    return name.length() > 80 ? name.substring(0, 80) + "..." : name;
  }
}

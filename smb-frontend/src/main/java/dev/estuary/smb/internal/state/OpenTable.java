package dev.estuary.smb.internal.state;

import dev.estuary.smb.internal.codec.FileId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A session's opens ([MS-SMB2] 3.3.1.8 Session.OpenTable) by FileId, and the {@link TreeFiles} of its
 * tree connects. FileIds are drawn from a per-session counter for both halves (no durable handles, so
 * Persistent carries no meaning beyond matching); an id is never reused within the session, so a stale
 * FileId can never name a newer open. Used by one connection's serial processing only.
 */
public final class OpenTable {
  private final Map<Long, Open> opens = new LinkedHashMap<>();
  private final Map<Integer, TreeFiles> trees = new HashMap<>();
  private long next = 1;
  private final long persistentBase;

  /** An empty table. */
  public OpenTable() {
    this(0);
  }

  /**
   * An empty table whose FileIds carry a base in the upper half of Persistent, so durable opens of
   * different sessions, which outlive their session and are found again by FileId ([MS-SMB2] 3.3.5.9.7),
   * do not share FileIds.
   *
   * @param persistentBase the base (its lower 32 bits are ignored)
   */
  public OpenTable(long persistentBase) {
    this.persistentBase = persistentBase & 0xFFFFFFFF00000000L;
  }

  /** @return a FileId not used before in this session */
  public FileId allocate() {
    while (opens.containsKey(next)) {
      next++; // taken by a reconnected durable open ({@link #adopt})
    }
    long n = next++;
    return new FileId(persistentBase | n, n);
  }

  /**
   * Adds a reconnected durable open under its old FileId (3.3.5.9.7).
   *
   * @param o the open
   * @return false if the FileId's volatile half is taken in this session
   */
  public boolean adopt(Open o) {
    return opens.putIfAbsent(o.fileId().volatileId(), o) == null;
  }

  /**
   * The open a FileId names on a tree.
   *
   * @param fileId the FileId from the request
   * @param treeId the request's TreeId
   * @return the open, or null when no open of that tree has that FileId (STATUS_FILE_CLOSED)
   */
  public @Nullable Open get(FileId fileId, int treeId) {
    Open o = opens.get(fileId.volatileId());
    if (o == null || o.fileId().persistent() != fileId.persistent() || o.treeId() != treeId) {
      return null;
    }
    return o;
  }

  /**
   * The open a FileId names on any tree of the session: the source of a server-side copy, named by a
   * resume key ([MS-SMB2] 3.3.5.15.6), may be on another tree connect than the IOCTL.
   *
   * @param fileId the FileId
   * @return the open, or null
   */
  public @Nullable Open get(FileId fileId) {
    Open o = opens.get(fileId.volatileId());
    return o == null || o.fileId().persistent() != fileId.persistent() ? null : o;
  }

  /** @return the session's opens in the order they were made (a copy) */
  public List<Open> all() {
    return List.copyOf(opens.values());
  }

  /** @return how many opens the session holds */
  public int size() {
    return opens.size();
  }

  /** @param o a new open */
  public void add(Open o) {
    opens.put(o.fileId().volatileId(), o);
  }

  /**
   * Removes an open (the caller closes it).
   *
   * @param o the open
   */
  public void remove(Open o) {
    opens.remove(o.fileId().volatileId(), o);
  }

  /**
   * The files of a tree, made on first use.
   *
   * @param treeId the TreeId
   * @param make builds them
   * @return the tree's files
   */
  public TreeFiles files(int treeId, Function<Integer, TreeFiles> make) {
    return trees.computeIfAbsent(treeId, make);
  }

  /**
   * Removes every open of a tree and its files (TREE_DISCONNECT, [MS-SMB2] 3.3.5.8).
   *
   * @param treeId the TreeId
   * @param closer closes each removed open
   */
  public void closeTree(int treeId, Consumer<Open> closer) {
    List<Open> gone = new ArrayList<>();
    for (Open o : opens.values()) {
      if (o.treeId() == treeId) {
        gone.add(o);
      }
    }
    gone.forEach(this::remove);
    gone.forEach(closer);
    TreeFiles f = trees.remove(treeId);
    if (f != null) {
      f.close();
    }
  }

  /**
   * Removes every open and tree (LOGOFF and connection loss, [MS-SMB2] 3.3.5.6, 3.3.7.1).
   *
   * @param closer closes each removed open
   */
  public void closeAll(Consumer<Open> closer) {
    List<Open> gone = new ArrayList<>(opens.values());
    opens.clear();
    gone.forEach(closer);
    trees.values().forEach(TreeFiles::close);
    trees.clear();
  }
}

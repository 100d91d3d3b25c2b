package dev.estuary.smb.internal.ipc;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.FileId;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A session's named-pipe opens on IPC$ ([MS-SMB2] 3.3.1.10 Open, for pipes): FileId to the pipe and the
 * tree it was opened on. An open is found only through the tree that opened it (3.3.5.x: a FileId of
 * another tree is STATUS_FILE_CLOSED). Volatile FileIds are random, so one open's id says nothing about
 * another's; the persistent half counts up. Not thread-safe: the connection's serial processing uses it.
 */
public final class PipeTable {
  /**
   * One pipe open.
   *
   * @param fileId its FileId
   * @param treeId the IPC$ tree it was opened on
   * @param pipe the DCE/RPC state
   */
  public record PipeOpen(FileId fileId, int treeId, RpcPipe pipe) {
    /** Validates. */
    public PipeOpen {
      requireNonNull(fileId, "fileId");
      requireNonNull(pipe, "pipe");
    }
  }

  private final Map<FileId, PipeOpen> opens = new HashMap<>();
  private long nextPersistent = 1;

  /** A table with no opens. */
  public PipeTable() {}

  /**
   * Adds an open.
   *
   * @param treeId the tree it is opened on
   * @param pipe the pipe
   * @param random the source of volatile ids
   * @param limit the most pipe opens the session may hold
   * @return the open, or null when the session already holds {@code limit}
   */
  public @Nullable PipeOpen open(int treeId, RpcPipe pipe, RandomGenerator random, int limit) {
    if (opens.size() >= limit) {
      return null;
    }
    FileId id;
    do {
      id = new FileId(nextPersistent++, random.nextLong());
    } while (id.isRelatedPlaceholder() || opens.containsKey(id));
    PipeOpen o = new PipeOpen(id, treeId, pipe);
    opens.put(id, o);
    return o;
  }

  /**
   * Finds an open of a tree.
   *
   * @param fileId the FileId
   * @param treeId the request's tree
   * @return the open, or null when none has that id on that tree
   */
  public @Nullable PipeOpen get(FileId fileId, int treeId) {
    PipeOpen o = opens.get(fileId);
    return o != null && o.treeId() == treeId ? o : null;
  }

  /**
   * Closes an open.
   *
   * @param open the open
   */
  public void close(PipeOpen open) {
    opens.remove(open.fileId());
    open.pipe().close();
  }

  /**
   * Closes every open of a tree (TREE_DISCONNECT, 3.3.5.8).
   *
   * @param treeId the tree
   */
  public void closeTree(int treeId) {
    opens.values().removeIf(o -> {
      if (o.treeId() != treeId) {
        return false;
      }
      o.pipe().close();
      return true;
    });
  }

  /** Closes every open (LOGOFF, the connection closing): waiting reads end with the pipe. */
  public void closeAll() {
    opens.values().forEach(o -> o.pipe().close());
    opens.clear();
  }

  /** @return how many opens there are */
  public int size() {
    return opens.size();
  }
}

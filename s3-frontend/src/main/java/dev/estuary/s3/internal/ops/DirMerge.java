package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Volume;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One directory's entries in S3 key order. readdir returns names in byte order, but a directory
 * {@code a} contributes keys {@code a/...}, which sort after siblings such as {@code a.txt} or
 * {@code a-b} ({@code '.'} and {@code '-'} are below {@code '/'}). So each directory entry waits
 * in a small sorted queue under its sort key {@code name + "/"} and is released once readdir has
 * moved past that key: every later name is greater than the current one, so a queued key not
 * above the current name can go.
 */
final class DirMerge {
  private final Volume volume;
  private final ObjectId dir;
  private final int batch;
  private final Predicate<String> stop;
  private final ArrayDeque<DirEntry> page = new ArrayDeque<>();
  private final TreeMap<String, DirEntry> pending = new TreeMap<>(Utf8Order.COMPARATOR);
  private DirCursor cursor;
  private boolean end;

  /**
   * Creates the merge.
   *
   * @param volume the volume
   * @param dir the directory
   * @param from where readdir starts
   * @param batch entries per readdir call
   * @param stop names at which reading stops (past the listing prefix)
   * @param seeds directory entries before {@code from} that still sort after it, keyed by sort key
   */
  DirMerge(Volume volume, ObjectId dir, DirCursor from, int batch, Predicate<String> stop,
      Map<String, DirEntry> seeds) {
    this.volume = volume;
    this.dir = dir;
    this.cursor = from;
    this.batch = batch;
    this.stop = stop;
    this.pending.putAll(seeds);
  }

  /**
   * Returns the sort key of an entry.
   *
   * @param e the entry
   * @return its name, with {@code /} appended for a directory
   */
  static String sortKey(DirEntry e) {
    return e.type() == ObjectType.DIRECTORY ? e.name() + "/" : e.name();
  }

  /**
   * Returns the next entry in key order.
   *
   * @return the entry, or null at the end
   */
  @Nullable DirEntry next() {
    while (true) {
      if (page.isEmpty() && !end) {
        DirPage p = volume.readdir(dir, cursor, batch, true);
        cursor = p.next();
        page.addAll(p.entries());
        end = p.end() || p.entries().isEmpty();
      }
      DirEntry e = page.peekFirst();
      if (e == null) {
        Map.Entry<String, DirEntry> q = pending.pollFirstEntry();
        return q == null ? null : q.getValue();
      }
      if (stop.test(e.name())) {
        end = true;
        page.clear();
        continue;
      }
      if (!pending.isEmpty() && Utf8Order.compare(pending.firstKey(), e.name()) < 0) {
        return pending.pollFirstEntry().getValue();
      }
      page.removeFirst();
      if (e.type() == ObjectType.DIRECTORY) {
        pending.put(e.name() + "/", e);
      } else {
        return e;
      }
    }
  }
}

package dev.estuary.dfs.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Data files of reclaimed objects, waiting for the WAL sync that makes their unlinking durable.
 * The batch that deletes an inode is written without an fsync; were its data file deleted at once,
 * a power cut could bring the inode (and its name) back without its data. So a file is only deleted
 * once a WAL sync that started after its batch was written has completed: callers {@link #take()}
 * the queue, sync, then {@link #delete(List)} what they took. If the process dies first, the
 * start-up scan ({@link StartupCleanup}) deletes the data files whose inode is gone.
 */
final class DeferredDeletes {
  private final ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>();

  /** Queues a data file whose inode deletion was just written (not yet synced). */
  void add(Path file) {
    queue.add(file);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Takes every queued file; call before the WAL sync that covers them. */
  List<Path> take() {
    List<Path> out = new ArrayList<>();
    for (Path p; (p = queue.poll()) != null; ) {
      out.add(p);
    }
    return out;
  }

  /** Puts back files taken for a sync that failed. */
  void restore(List<Path> files) {
    queue.addAll(files);
  }

  /** Deletes files taken before a WAL sync that has completed. */
  static void delete(List<Path> files) {
    for (Path p : files) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // Left for the start-up scan, which deletes data files without an inode.
      }
    }
  }
}

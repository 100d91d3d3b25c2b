package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
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
 * the queue, sync, then {@link #delete(List)} what they took. The batch also marked the object
 * {@link PendingObjects#DELETING}; if the process dies first, start-up ({@link StartupCleanup})
 * deletes the marked files, and {@link #delete(List)} clears the marks of the files it deleted.
 */
final class DeferredDeletes {
  private final ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>();
  private final PendingObjects pending;

  DeferredDeletes(PendingObjects pending) {
    this.pending = pending;
  }

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

  /** Deletes files taken before a WAL sync that has completed, then clears their marks. */
  void delete(List<Path> files) {
    if (files.isEmpty()) {
      return;
    }
    List<ObjectId> done = new ArrayList<>(files.size());
    for (Path p : files) {
      try {
        Files.deleteIfExists(p);
        done.add(ObjectId.parse(p.getFileName().toString()));
      } catch (IOException e) {
        // The mark stays: the next start-up deletes the file.
      }
    }
    pending.clear(done);
  }
}

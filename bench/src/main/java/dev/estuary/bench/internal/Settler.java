package dev.estuary.bench.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Brings the machine to the same state before every timed phase, on both sides, untimed: dirty
 * pages are written back ({@code sync(2)}) so one phase's writeback is not billed to the next, and
 * the heap is collected so a pending GC is not either.
 *
 * <p>It also detects ext4 without a journal, where file creation is distorted by earlier
 * deletions: ext4 then skips every inode freed in the last 5 s, or 305 s while its inode-table
 * block is dirty, when it allocates one ({@code recently_deleted()} in {@code fs/ext4/ialloc.c}).
 * After a mass deletion each create scans thousands of freed inodes: measured here, 5,000 instead
 * of 100,000 creates per second. The harness therefore deletes nothing before the end of the run
 * except in the timed unlink phases, which come after every create phase of their workload.
 */
public final class Settler {
  private final NativeOs os;
  private final boolean noJournal;

  /**
   * Creates a settler for a directory.
   *
   * @param os the libc bindings
   * @param dir the directory both trees live in
   */
  public Settler(NativeOs os, Path dir) {
    this.os = os;
    this.noJournal = ext4WithoutJournal(dir);
  }

  /**
   * Returns whether the directory is on ext4 without a journal.
   *
   * @return true if creates there are slowed by recent deletions
   */
  public boolean ext4WithoutJournal() {
    return noJournal;
  }

  /** Settles the machine before a timed phase. */
  public void settle() {
    os.sync();
    System.gc();
  }

  private static boolean ext4WithoutJournal(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      if (!store.type().equals("ext4")) {
        return false;
      }
      String dev = Path.of(store.name()).getFileName().toString();
      if (!Files.isDirectory(Path.of("/proc/fs/ext4", dev))) {
        return false;
      }
      // A journalled ext4 has /proc/fs/jbd2/<dev>-8 (8 is the journal's inode number).
      Path jbd2 = Path.of("/proc/fs/jbd2");
      if (!Files.isDirectory(jbd2)) {
        return true;
      }
      try (DirectoryStream<Path> journals = Files.newDirectoryStream(jbd2, dev + "-*")) {
        return !journals.iterator().hasNext();
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}

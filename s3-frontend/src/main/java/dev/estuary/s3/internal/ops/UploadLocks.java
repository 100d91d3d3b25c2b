package dev.estuary.s3.internal.ops;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per multipart upload, so that CompleteMultipartUpload, AbortMultipartUpload and the
 * step of UploadPart that links a part into the upload happen one at a time per upload: a
 * Complete then sees a fixed set of parts, an Abort waits for a Complete under way and answers for
 * its outcome, and a second Complete answers like the first (issue 8 item 3). Bodies are read
 * before the lock is taken, so a slow client holds no one up.
 *
 * <p>The lock is in memory: a volume's uploads are served by this one process (the engine's
 * database is opened by one process). What survives a crash is recorded durably in the upload
 * itself ({@link UploadClaims}). Entries exist only while held or waited for, so the map stays as
 * small as the number of uploads being completed at once.
 *
 * <p>{@link Versions} keeps a separate instance keyed by object key, for the same reasons: one
 * change of a key's versions at a time.
 */
public final class UploadLocks {
  /** A held lock; closing it releases it. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users; // guarded by the map's compute for this key
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Creates the locks of one frontend, shared by its handlers and its lifecycle task. */
  public UploadLocks() {}

  /**
   * Takes the lock of one upload, waiting for its holder.
   *
   * @param volume the volume's name
   * @param uploadId the upload id
   * @return the held lock, to close when done
   */
  Held lock(String volume, String uploadId) {
    String k = volume + '/' + uploadId;
    Entry e = entries.compute(k, (key, old) -> {
      Entry n = old == null ? new Entry() : old;
      n.users++;
      return n;
    });
    e.lock.lock();
    return () -> {
      e.lock.unlock();
      entries.compute(k, (key, old) -> --e.users == 0 ? null : e);
    };
  }
}

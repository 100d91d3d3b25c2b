package dev.estuary.dataset.internal.ops;

import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RequestException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes of checkpoints being written and not yet published, per user, all streams together: a
 * user's streams may hold at most {@code perUser} bytes in unlinked objects at once (issue 8 item
 * 7), so one user cannot fill the disk with many parallel streams that each stay under the
 * per-checkpoint cap. One instance per running service; thread-safe.
 */
final class CheckpointBudget {
  private final long perUser;
  private final ConcurrentHashMap<String, Long> inFlight = new ConcurrentHashMap<>();

  CheckpointBudget(long perUser) {
    this.perUser = perUser;
  }

  /**
   * Reserves bytes for a user.
   *
   * @param user the user name
   * @param bytes bytes to add, {@code >= 0}
   * @throws RequestException RESOURCE_EXHAUSTED if the user would hold more than the limit
   */
  void reserve(String user, long bytes) {
    inFlight.compute(user, (k, cur) -> {
      long have = cur == null ? 0 : cur;
      if (bytes > perUser - have) {
        throw RequestException.tooLarge("checkpoint data in flight: user " + Echo.quote(user) + " has " + have
            + " bytes in unpublished checkpoints, " + bytes + " more would pass the limit (expected: at most "
            + perUser + " bytes in all, dataset.max-checkpoint-bytes-per-user)");
      }
      return have + bytes;
    });
  }

  /**
   * Returns bytes reserved by {@link #reserve}.
   *
   * @param user the user name
   * @param bytes bytes to release
   */
  void release(String user, long bytes) {
    if (bytes == 0) {
      return;
    }
    inFlight.compute(user, (k, cur) -> {
      long left = (cur == null ? 0 : cur) - bytes;
      return left <= 0 ? null : left;
    });
  }
}

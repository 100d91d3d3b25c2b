package dev.estuary.dfs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The holder of byte-range locks ({@link Capability#LOCKS}) and share reservations ({@link
 * Capability#SHARE_MODES}) in one volume, from {@link Volume#openSession}: an NFS client (its
 * client id), an SMB session, or any other party whose death must release what it holds. Locks and
 * reservations live in the backend, not in a frontend, so every frontend (and, in node mode, every
 * process) sees the same ones: an SMB user and an NFS user of one file conflict with each other.
 *
 * <p><b>Owners.</b> Locks belong to an owner: an opaque key chosen by the frontend, unique within
 * the session (NFS: the {@code lock_owner4} bytes, hex-encoded; SMB: the open's file id). Two
 * locks have the same owner when they share the session and the key. Conflicts are checked across
 * all owners of all sessions, whatever their {@link LockStyle}: an exclusive lock conflicts with
 * every overlapping lock of another owner, shared locks only with exclusive ones. How an owner's own
 * locks combine is its style's rule.
 *
 * <p><b>Owner death.</b> {@link #close()} releases every lock and reservation of the session,
 * fails its pending waits with {@link ErrorKind#CLOSED} and wakes the waiters it blocked. The
 * backend closes every session when it closes; a remote backend closes the sessions of a client
 * that died.
 *
 * <p><b>Limits.</b> A session holds at most {@link #MAX_LOCKS} locks, {@link #MAX_RESERVATIONS}
 * reservations and {@link #MAX_WAITS} pending waits ({@link ErrorKind#QUOTA_EXCEEDED} beyond);
 * owner keys are 1 to {@link #MAX_OWNER_LENGTH} characters; waits last at most {@link
 * #MAX_WAIT}.
 *
 * <p>Locks are advisory in the backend: reads and writes through {@link FileHandle} do not check
 * them. A frontend that enforces them (SMB READ/WRITE, [MS-FSA] 2.1.4.10) asks {@link #test}.
 * Likewise namespace operations do not check reservations; a frontend that removes or renames a
 * file on a client's behalf reserves {@link ShareAccess#DELETE} first. Thread-safe.
 */
public interface LockSession extends AutoCloseable {
  /** Most locks one session may hold at a time. */
  int MAX_LOCKS = 65_536;
  /** Most share reservations one session may hold at a time. */
  int MAX_RESERVATIONS = 65_536;
  /** Most lock requests of one session that may wait at a time. */
  int MAX_WAITS = 4_096;
  /** Longest owner key, in characters (an NFS owner of 1024 bytes, hex-encoded, with room to spare). */
  int MAX_OWNER_LENGTH = 4_096;
  /** Longest session description, in characters. */
  int MAX_DESCRIPTION_LENGTH = 1_024;
  /** Longest wait for a blocking lock request. */
  Duration MAX_WAIT = Duration.ofHours(24);

  /**
   * Returns this session's id, unique among the backend's sessions for its lifetime.
   *
   * @return the id
   */
  long id();

  /**
   * Returns the description given when the session was opened.
   *
   * @return the description
   */
  String description();

  /**
   * Takes, or for a {@link LockStyle#POSIX} owner converts, a lock without waiting. All or
   * nothing: when a conflict is found nothing changes, and a POSIX upgrade that conflicts keeps
   * the owner's old lock.
   *
   * @param file a regular file of this session's volume
   * @param owner the owner key
   * @param style the owner's style
   * @param type shared or exclusive
   * @param range the bytes; empty only for {@link LockStyle#WINDOWS}
   * @return empty when granted; otherwise one lock that conflicts (NFS {@code LOCK4denied})
   * @throws DfsException {@link ErrorKind#STALE} for a missing file, {@link
   *     ErrorKind#IS_DIRECTORY} or {@link ErrorKind#INVALID_ARGUMENT} for a directory or symlink, an
   *     empty POSIX range, a bad owner or mixed styles; {@link ErrorKind#QUOTA_EXCEEDED}; {@link
   *     ErrorKind#CLOSED} after {@link #close()}; {@link ErrorKind#UNSUPPORTED} without {@link
   *     Capability#LOCKS}
   */
  Optional<LockInfo> tryLock(ObjectId file, String owner, LockStyle style, LockType type, ByteRange range);

  /**
   * Takes or converts a lock as {@link #tryLock} does, waiting up to {@code maxWait} for the
   * conflicting locks to go (SMB blocking LOCK; NFS blocking lock types, RFC 8881 §9.6). Waiting
   * requests are served in arrival order: a request is granted when no held lock conflicts with it
   * and no earlier waiting request of another owner that it conflicts with is still waiting, so a
   * stream of shared requests cannot starve an exclusive one ({@link #tryLock} does not queue and
   * is not held back by waiters). There is no deadlock detection: the wait is bounded.
   *
   * <p>The future completes on a backend thread, never the caller's and never one that released a
   * lock; attach slow work with an {@code *Async} method and an executor of your own. It completes
   * normally once the lock is held; exceptionally with {@link ErrorKind#LOCKED} when {@code maxWait}
   * passes (the message names a conflicting lock), {@link ErrorKind#CLOSED} when the session
   * closes. {@code cancel} withdraws the request (SMB CANCEL) and returns true, unless the lock was
   * already granted: then it returns false and the lock is held.
   *
   * @param file a regular file of this session's volume
   * @param owner the owner key
   * @param style the owner's style
   * @param type shared or exclusive
   * @param range the bytes; empty only for {@link LockStyle#WINDOWS}
   * @param maxWait how long to wait, from zero (like {@link #tryLock} but failing with {@link
   *     ErrorKind#LOCKED}) to {@link #MAX_WAIT}
   * @return a future completed as described
   * @throws DfsException as {@link #tryLock} does, at once, for a bad request
   */
  CompletableFuture<Void> lock(
      ObjectId file, String owner, LockStyle style, LockType type, ByteRange range, Duration maxWait);

  /**
   * Reports the lock that a request would conflict with, without taking anything (NFS {@code
   * LOCKT}, SMB READ/WRITE checks). The owner's own locks count as its style says.
   *
   * @param file a regular file of this session's volume
   * @param owner the owner key
   * @param style the owner's style
   * @param type shared or exclusive
   * @param range the bytes
   * @return a conflicting lock, or empty if the request would be granted now
   */
  Optional<LockInfo> test(ObjectId file, String owner, LockStyle style, LockType type, ByteRange range);

  /**
   * Reports the lock that forbids a read or a write of a range by an owner, for frontends that
   * enforce locks on I/O (SMB READ/WRITE answer {@code STATUS_FILE_LOCK_CONFLICT}, [MS-FSA]
   * 2.1.4.10; NFS READ/WRITE may answer {@code NFS4ERR_LOCKED}, RFC 8881 §9.5). Another owner's
   * exclusive lock forbids both, its shared lock forbids writing. A {@link LockStyle#WINDOWS}
   * owner's own shared lock forbids its own writes too; a {@link LockStyle#POSIX} owner's own
   * locks never forbid its I/O. An empty range conflicts with nothing.
   *
   * @param file a regular file of this session's volume
   * @param owner the owner doing the I/O (SMB: the open; NFS: the lock owner of the stateid)
   * @param style the owner's style
   * @param write whether the access writes
   * @param range the bytes read or written
   * @return a forbidding lock, or empty if the access may go ahead
   */
  Optional<LockInfo> testIo(ObjectId file, String owner, LockStyle style, boolean write, ByteRange range);

  /**
   * Releases a range. {@link LockStyle#POSIX}: every byte of the range the owner holds is released
   * (splitting its locks); nothing held is fine (NFS {@code LOCKU}). {@link LockStyle#WINDOWS}: one
   * lock of exactly this range is released (SMB2 LOCK with {@code SMB2_LOCKFLAG_UNLOCK}). Waiters
   * that can now be granted are woken.
   *
   * @param file the file
   * @param owner the owner key
   * @param style the owner's style
   * @param range the bytes
   * @throws DfsException {@link ErrorKind#NOT_LOCKED} for a Windows range not held exactly
   */
  void unlock(ObjectId file, String owner, LockStyle style, ByteRange range);

  /**
   * Releases every lock an owner holds on a file (SMB CLOSE of an open, NFS {@code
   * RELEASE_LOCKOWNER} or the last CLOSE) and withdraws its waiting requests there.
   *
   * @param file the file
   * @param owner the owner key
   */
  void unlockAll(ObjectId file, String owner);

  /**
   * Lists the locks on a file held by every session, ordered by offset.
   *
   * @param file the file
   * @return an immutable list
   */
  List<LockInfo> locks(ObjectId file);

  /**
   * Reserves access to a file and denies access to others ({@link Capability#SHARE_MODES}): an SMB
   * CREATE's {@code DesiredAccess} data bits and {@code ShareAccess} ([MS-FSA] 2.1.5.1.2), an NFS
   * OPEN's {@code share_access} and {@code share_deny} (RFC 8881 §9.7). It conflicts with every
   * existing reservation on the file, of any session including this one, that denies what it asks
   * or asks what it denies; then nothing is reserved. An empty access set never conflicts on the
   * access side (an open for attributes only).
   *
   * @param file a regular file or directory of this session's volume
   * @param access what the holder will do
   * @param deny what others may not do meanwhile
   * @return the reservation, to close when the open ends
   * @throws DfsException {@link ErrorKind#SHARING_VIOLATION} on a conflict, {@link
   *     ErrorKind#STALE} for a missing file, {@link ErrorKind#QUOTA_EXCEEDED}, {@link
   *     ErrorKind#CLOSED} after {@link #close()}, {@link ErrorKind#UNSUPPORTED} without {@link
   *     Capability#SHARE_MODES}
   */
  ShareReservation reserve(ObjectId file, Set<ShareAccess> access, Set<ShareAccess> deny);

  /**
   * Returns whether the session is still open.
   *
   * @return false after {@link #close()} or after the backend closed
   */
  boolean isOpen();

  /**
   * Ends the session: releases every lock and reservation it holds, fails its waits with {@link
   * ErrorKind#CLOSED} and wakes the waiters of other sessions that can now go ahead. Idempotent.
   */
  @Override
  void close();
}

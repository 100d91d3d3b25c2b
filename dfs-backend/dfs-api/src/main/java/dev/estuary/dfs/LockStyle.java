package dev.estuary.dfs;

/**
 * How an owner's own locks combine. Conflicts between different owners follow the same rule in
 * both styles (an exclusive lock conflicts with every overlapping lock of another owner), so a
 * POSIX owner (NFS) and a Windows owner (SMB) of one file see each other's locks. One owner uses
 * one style on a file: a request in the other style while it holds locks there fails with {@link
 * ErrorKind#INVALID_ARGUMENT}.
 */
public enum LockStyle {
  /**
   * POSIX record locks ({@code fcntl}, NFSv4 RFC 8881 §9.5): an owner never conflicts with
   * itself; locking a range it already holds replaces the type there (upgrade or downgrade,
   * splitting the old lock), adjacent or overlapping locks of one type merge, and unlocking any
   * range (even one not locked) releases exactly that range. Zero-length ranges are invalid.
   */
  POSIX,
  /**
   * Windows byte-range locks ([MS-FSA] 2.1.5.7 and 2.1.5.8, used by SMB2 LOCK): locks stack and
   * never merge or split; an owner's shared lock stacks on its own overlapping shared or exclusive
   * locks, but an exclusive request conflicts even with the same owner's overlapping locks; an unlock must name exactly the range of
   * a held lock ({@link ErrorKind#NOT_LOCKED} otherwise) and releases one of them. A zero-length
   * lock is allowed: it conflicts with a lock that strictly contains its offset (one starting before it
   * and ending at or after it, [MS-FSA] 2.1.5.7) and never with another zero-length lock.
   */
  WINDOWS
}

package dev.estuary.dfs;

/** The kind of a byte-range lock. */
public enum LockType {
  /** A read lock: any number of owners may hold overlapping shared locks. */
  SHARED,
  /** A write lock: no other owner may hold any lock overlapping it. */
  EXCLUSIVE
}

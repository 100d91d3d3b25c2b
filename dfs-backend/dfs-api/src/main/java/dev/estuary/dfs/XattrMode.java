package dev.estuary.dfs;

/** How {@link Volume#setXattr} treats an existing attribute ({@code setxattr} flags). */
public enum XattrMode {
  /** Create or replace. */
  UPSERT,
  /** Fail with {@link ErrorKind#EXISTS} if it exists ({@code XATTR_CREATE}). */
  CREATE,
  /** Fail with {@link ErrorKind#NO_SUCH_XATTR} if it does not exist ({@code XATTR_REPLACE}). */
  REPLACE
}

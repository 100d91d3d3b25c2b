package dev.estuary.dfs;

/**
 * One kind of access a share reservation asks for or denies to others: SMB {@code
 * FILE_SHARE_READ/WRITE/DELETE} and the data-access bits of {@code DesiredAccess} ([MS-FSA]
 * 2.1.5.1.2), NFS {@code OPEN4_SHARE_ACCESS_READ/WRITE} and {@code OPEN4_SHARE_DENY_READ/WRITE}
 * (RFC 8881 §9.7; NFS has no delete).
 */
public enum ShareAccess {
  /** Reading data. */
  READ,
  /** Writing data (including append and size changes). */
  WRITE,
  /** Deleting or renaming the file. */
  DELETE
}

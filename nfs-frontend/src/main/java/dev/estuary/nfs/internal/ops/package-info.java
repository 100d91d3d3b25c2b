/**
 * One handler class per NFSv4.1 operation (RFC 8881 §18), the per-COMPOUND state they share
 * ({@link dev.estuary.nfs.internal.ops.OpContext}: current and saved file handle, session, the caller's
 * checked volumes), file handles, the fattr4 values read from the backend and the one ErrorKind →
 * NFS4ERR table. With the state table (whose opens and locks live in the backend), the only package that
 * sees both the codec records and dfs-api.
 */
@NullMarked
package dev.estuary.nfs.internal.ops;

import org.jspecify.annotations.NullMarked;

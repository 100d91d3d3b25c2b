package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.Types.Stateid;

/**
 * Stateids as the operations that carry one for I/O see them: READ, WRITE, SETATTR of the size, and the
 * NFSv4.2 data operations. The one seam between those handlers and the state (opens, locks, share
 * reservations), so that every handler applies the same rules.
 */
public interface StateIds {
    /**
     * Checks {@code stateid} for I/O of {@code kind} on {@code file} over {@code [offset, offset + length)}
     * and returns the handle the I/O goes through.
     *
     * <p>The special stateids (RFC 8881 §8.2.3): the anonymous stateid (seqid 0, other all zeros) and the
     * READ bypass stateid (all ones) do I/O without an open, checked against the caller's permissions and
     * against the share reservations and byte-range locks others hold (§9.1.4); the current stateid (seqid
     * 1, other all zeros) stands for the one the COMPOUND's last stateid-setting operation left
     * (§16.2.3.1.2). Any other combination with an all-zero or all-one {@code other} is NFS4ERR_BAD_STATEID.
     *
     * @throws NfsException NFS4ERR_BAD_STATEID for a stateid this server never issued or that is not for
     *     {@code file}, NFS4ERR_OLD_STATEID for a superseded seqid, NFS4ERR_STALE_STATEID for one of an
     *     earlier server instance, NFS4ERR_EXPIRED / NFS4ERR_ADMIN_REVOKED for revoked state,
     *     NFS4ERR_OPENMODE for a write through a read-only open (or the reverse), NFS4ERR_LOCKED for a
     *     conflict with another owner's byte-range lock or share reservation, NFS4ERR_ACCESS when the caller
     *     may not do it, NFS4ERR_GRACE while the server is in its grace period and the I/O could conflict
     *     with state to be reclaimed
     */
    IoAccess checkIo(OpContext ctx, Stateid stateid, FileRef.InVolume file, IoKind kind, long offset, long length)
            throws NfsException;
}

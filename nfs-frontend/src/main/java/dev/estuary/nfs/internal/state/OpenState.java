package dev.estuary.nfs.internal.state;

import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.nfs.internal.codec.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * An open (RFC 8881 §9): one open-owner's opens of one file, merged. It holds the share reservation in the
 * backend (so SMB and other NFS clients see it) and the backend handle the I/O of its stateid goes through,
 * open for the open's life. {@code accessUsed} and {@code denyUsed} remember which share values the OPENs
 * asked (one bit per value), as OPEN_DOWNGRADE may only go back to one of them (§18.18.3).
 */
final class OpenState extends State {
    final Bytes owner;
    int access;
    int deny;
    int accessUsed;
    int denyUsed;
    final ShareReservation reservation;
    FileHandle handle;
    /** Handles replaced by a wider one (an OPEN that added access); I/O may still use them until CLOSE. */
    final List<FileHandle> retired = new ArrayList<>();
    final List<LockState> locks = new ArrayList<>();

    OpenState(long key, ClientState client, FileKey file, Bytes owner, int access, int deny,
            ShareReservation reservation, FileHandle handle) {
        super(key, client, file);
        this.owner = owner;
        this.access = access;
        this.deny = deny;
        this.accessUsed = 1 << access;
        this.denyUsed = 1 << deny;
        this.reservation = reservation;
        this.handle = handle;
    }
}

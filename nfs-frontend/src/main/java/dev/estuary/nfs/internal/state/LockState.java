package dev.estuary.nfs.internal.state;

import dev.estuary.dfs.LockSession;
import dev.estuary.nfs.internal.codec.Bytes;

/**
 * A lock-owner's byte-range lock state on one file (RFC 8881 §9.1.3, §18.10): the locks themselves live in
 * the backend's {@link LockSession} of the client (owner key: the lock-owner bytes in hex), so SMB and other
 * NFS clients see them; this is the stateid and the open it was made through.
 */
final class LockState extends State {
    final OpenState open;
    final Bytes owner;
    final String ownerKey;
    final LockSession session;

    LockState(long key, ClientState client, FileKey file, OpenState open, Bytes owner, String ownerKey,
            LockSession session) {
        super(key, client, file);
        this.open = open;
        this.owner = owner;
        this.ownerKey = ownerKey;
        this.session = session;
    }
}

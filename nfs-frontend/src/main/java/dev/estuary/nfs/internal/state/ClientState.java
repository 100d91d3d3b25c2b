package dev.estuary.nfs.internal.state;

import dev.estuary.dfs.LockSession;
import dev.estuary.nfs.internal.codec.Bytes;
import java.util.HashMap;
import java.util.Map;

/**
 * What one client holds: its opens by (open-owner, file), its lock states by (lock-owner, file) and one
 * backend {@link LockSession} per volume it locked or opened in. Its monitor guards all of it and the
 * mutable fields of its states: operations of different clients do not wait for each other.
 */
final class ClientState {
    /** An open-owner's or lock-owner's key on one file. */
    record OwnerFile(Bytes owner, FileKey file) {
    }

    final NfsClient client;
    final Map<String, LockSession> sessions = new HashMap<>();
    final Map<OwnerFile, OpenState> opens = new HashMap<>();
    final Map<OwnerFile, LockState> locks = new HashMap<>();
    boolean dropped;

    ClientState(NfsClient client) {
        this.client = client;
    }

    boolean isEmpty() {
        return opens.isEmpty() && locks.isEmpty();
    }
}

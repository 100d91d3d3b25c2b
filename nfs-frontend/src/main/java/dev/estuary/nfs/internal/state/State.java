package dev.estuary.nfs.internal.state;

/**
 * One stateid's state (RFC 8881 §8.2): an open or a byte-range lock state. {@code key} is the second part
 * of the stateid's {@code other} (the first is the server instance's epoch); {@code seqid} moves with every
 * change (§8.2.2). Mutable fields are guarded by the {@link ClientState}'s lock.
 */
abstract sealed class State permits OpenState, LockState {
    final long key;
    final ClientState client;
    final FileKey file;
    int seqid = 1;
    /** Closed, unlocked-and-freed or dropped with its client: the stateid is no longer valid. */
    boolean gone;

    State(long key, ClientState client, FileKey file) {
        this.key = key;
        this.client = client;
        this.file = file;
    }

    /** The next seqid: 0 is never used (it means "the current one", §8.2.2), so 0xffffffff wraps to 1. */
    void bump() {
        seqid = seqid == -1 ? 1 : seqid + 1;
    }
}

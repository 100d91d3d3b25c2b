package dev.estuary.nfs.internal.state;

/**
 * What the {@link ClientTable} asks of the state the clients hold (opens, locks, share reservations): the
 * state table implements it. Called with the client table's lock held, so an implementation never calls
 * back into the client table.
 */
public interface ClientStateHook {
    /** A table whose clients hold no state (the session layer alone, in tests). */
    ClientStateHook NONE = new ClientStateHook() {
        @Override
        public boolean holdsState(NfsClient client) {
            return false;
        }

        @Override
        public void dropState(NfsClient client) {
        }
    };

    /** @return whether {@code client} holds opens or locks (DESTROY_CLIENTID answers NFS4ERR_CLIENTID_BUSY, §18.50.3) */
    boolean holdsState(NfsClient client);

    /**
     * Releases everything {@code client} holds: its record was destroyed, its lease expired (§8.3) or a new
     * incarnation of the client replaced it (§18.35.4 case 5). Idempotent.
     */
    void dropState(NfsClient client);
}

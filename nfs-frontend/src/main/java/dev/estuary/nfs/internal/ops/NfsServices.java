package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.ClientTable;
import dev.estuary.nfs.internal.state.StateTable;

/**
 * What every handler may use: the client and session state, the export decisions with the backend, and
 * the decoder's limits (for fattr4 in VERIFY/NVERIFY).
 *
 * @param clients client records and sessions
 * @param exports volumes, export rules and checked views
 * @param xdrLimits the decoder's limits
 * @param stateIds the stateid checks of every operation that does I/O
 * @param writeVerifier this server instance's write verifier (WRITE, COMMIT, COPY)
 * @param state the opens and locks of every client, and the grace period
 */
public record NfsServices(ClientTable clients, Exports exports, XdrLimits xdrLimits, StateIds stateIds,
        WriteVerifier writeVerifier, StateTable state) {
}

/**
 * NFSv4.1 client and session state (RFC 8881 §2.4, §2.10): client records from EXCHANGE_ID, sessions
 * from CREATE_SESSION, the slot table and bounded reply cache SEQUENCE works on, leases; and the opens and
 * byte-range lock states of the clients with their stateids (§8, §9) in the {@link
 * dev.estuary.nfs.internal.state.StateTable}, with the grace period and its stable record of clients
 * ({@link dev.estuary.nfs.internal.state.Grace}). What must be shared with other protocols (share
 * reservations, locks) and the handles opens keep are the backend's ({@code LockSession}, {@code
 * FileHandle}); the rest is the protocol's own.
 */
@NullMarked
package dev.estuary.nfs.internal.state;

import org.jspecify.annotations.NullMarked;

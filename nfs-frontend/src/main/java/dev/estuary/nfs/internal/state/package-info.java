/**
 * NFSv4.1 client and session state (RFC 8881 §2.4, §2.10): client records from EXCHANGE_ID, sessions
 * from CREATE_SESSION, the slot table and bounded reply cache SEQUENCE works on, leases. No backend
 * types: the state is the protocol's own; what must be shared with other protocols (locks, share
 * reservations) goes through the backend's facets in later steps.
 */
@NullMarked
package dev.estuary.nfs.internal.state;

import org.jspecify.annotations.NullMarked;

/**
 * ONC RPC (RFC 5531) for the NFS program: record marking with a size cap, the call and reply message
 * codec, AUTH_NONE/AUTH_SYS credentials, and the TCP server on oncrpc4j's Grizzly filters (no rpcbind)
 * that decodes COMPOUND and hands it to a {@link dev.estuary.nfs.internal.rpc.CompoundHandler}.
 */
@NullMarked
package dev.estuary.nfs.internal.rpc;

import org.jspecify.annotations.NullMarked;

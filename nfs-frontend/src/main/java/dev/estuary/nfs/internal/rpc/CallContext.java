package dev.estuary.nfs.internal.rpc;

import java.net.InetSocketAddress;
import org.dcache.oncrpc4j.rpc.RpcTransport;

/**
 * Who sent a COMPOUND and over which connection.
 *
 * @param xid the RPC transaction id
 * @param credential the accepted credential
 * @param remote the client's address (export rules match on it)
 * @param transport the connection, for the backchannel (CB_COMPOUND over the same TCP connection)
 */
public record CallContext(int xid, RpcCredential credential, InetSocketAddress remote, RpcTransport transport) {
}

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
 * @param argumentSize the size of the COMPOUND4args in bytes; with the RPC header (a few hundred bytes at most)
 *     it is what ca_maxrequestsize bounds (RFC 8881 §18.36.3, checked by SEQUENCE)
 */
public record CallContext(int xid, RpcCredential credential, InetSocketAddress remote, RpcTransport transport,
        int argumentSize) {
}

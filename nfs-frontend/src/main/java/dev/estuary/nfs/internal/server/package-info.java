/**
 * The NFSv4.1 server's wiring: the COMPOUND processor (session rules of RFC 8881 §2.10 and §16.2.3 around
 * the operation handlers) and the server that puts it on the RPC transport.
 */
@NullMarked
package dev.estuary.nfs.internal.server;

import org.jspecify.annotations.NullMarked;

/** A client of Podman's libpod REST API (v4) over its unix socket: a small HTTP/1.1 client on {@link java.nio.channels.SocketChannel} with {@link java.net.UnixDomainSocketAddress}, and the calls the agent needs as records (SpecGenerator, inspect, list, events). */
@NullMarked
package dev.estuary.node.internal.podman;

import org.jspecify.annotations.NullMarked;

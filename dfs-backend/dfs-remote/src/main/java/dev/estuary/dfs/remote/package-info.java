/**
 * The backend contract ({@link dev.estuary.dfs.Dfs}) over gRPC, for node mode (DESIGN §6.2): one
 * engine daemon owns the data and serves it with {@link dev.estuary.dfs.remote.RemoteServer} on a
 * unix domain socket (and optionally on TCP with TLS and a node token); each frontend process uses
 * it through {@link dev.estuary.dfs.remote.RemoteDfs}, found by {@link
 * dev.estuary.dfs.remote.RemoteProvider} as the backend {@code remote}.
 *
 * <p>File handles, lock sessions, share reservations and watches are server-side references held
 * under a lease the client renews in the background: when a client dies, the server closes what it
 * had open once the lease lapses. Error kinds cross the wire unchanged; every call has a deadline.
 *
 * <p>File bytes: over TCP they stream through gRPC in chunks. Over the unix socket a client on the
 * same host asks for an open file's data-file descriptor on a second socket beside the first
 * ({@code <socket>.fd}, {@code SCM_RIGHTS}) and moves the bytes itself with positional reads and
 * writes, bracketing each write with the server's {@code beginWrite}/{@code endWrite} so the
 * backend keeps owning size, times, change counter, retention, its crash journal and watch events
 * ({@link dev.estuary.dfs.LocalData}; {@link dev.estuary.dfs.remote.RemoteOptions#directMinimum()}).
 */
@NullMarked
package dev.estuary.dfs.remote;

import org.jspecify.annotations.NullMarked;

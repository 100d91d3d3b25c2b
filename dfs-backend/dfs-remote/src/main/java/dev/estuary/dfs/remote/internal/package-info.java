/**
 * The wire codec and error table shared by the server and the client of the remote backend, and
 * the descriptor socket's protocol and its unix-socket natives.
 */
@NullMarked
package dev.estuary.dfs.remote.internal;

import org.jspecify.annotations.NullMarked;

/** The server side: one gRPC handler class per group of operations over a {@link dev.estuary.dfs.Dfs}. */
@NullMarked
package dev.estuary.dfs.remote.internal.server;

import org.jspecify.annotations.NullMarked;

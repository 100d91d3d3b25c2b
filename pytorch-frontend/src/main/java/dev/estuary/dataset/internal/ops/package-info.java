/**
 * One handler per dataset RPC, the only place that sees both the protocol messages and {@code
 * dfs-api}; {@link dev.estuary.dataset.internal.ops.StatusMap} is the one ErrorKind → gRPC status
 * table.
 */
@NullMarked
package dev.estuary.dataset.internal.ops;

import org.jspecify.annotations.NullMarked;

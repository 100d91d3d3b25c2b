package dev.estuary.nfs.internal.rpc;

import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.CompoundRes;

/**
 * Evaluates one COMPOUND of minor version 1 or 2 (RFC 8881 §16.2.3): the operations in order, stopping at
 * the first failure; when {@link CompoundArgs#stop()} is set and every decoded operation succeeded, the
 * stop's status is the result of the next operation. Runs on a worker thread and may block; must be
 * thread-safe (calls of one connection can run concurrently, notes/nfs.md §1 Threads).
 */
@FunctionalInterface
public interface CompoundHandler {
    /** @return the results; an unchecked exception answers the call with SYSTEM_ERR */
    CompoundRes handle(CallContext call, CompoundArgs args);
}

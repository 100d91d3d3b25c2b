package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/**
 * Evaluates one operation of a COMPOUND and never throws for a protocol or backend error. {@link
 * OperationTable} is the real one; cross-cutting concerns (metrics) decorate it.
 */
@FunctionalInterface
public interface Dispatcher {
    /** @return the operation's result */
    NfsResult execute(OpContext ctx, NfsArgs args);
}

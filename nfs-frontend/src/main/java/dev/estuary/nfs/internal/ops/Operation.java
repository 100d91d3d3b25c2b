package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.state.StateException;

/**
 * The handler of one operation. A failure is either returned as a result or thrown: {@link NfsException}
 * or the state table's {@link StateException} with its status, or a backend {@code DfsException} mapped by
 * {@link NfsErrors}.
 *
 * @param <A> the operation's arguments
 */
@FunctionalInterface
public interface Operation<A extends NfsArgs> {
    /** Evaluates the operation in {@code ctx}. */
    NfsResult execute(OpContext ctx, A args) throws NfsException, StateException;
}

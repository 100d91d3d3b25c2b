/**
 * Decorators every backend gets, applied by the launcher when it opens the backend ({@link
 * dev.estuary.dfs.decorate.StandardDecorators}): metrics of every backend call ({@link
 * dev.estuary.dfs.decorate.MeteredDfs}), the contract's argument and handle-state guards ({@link
 * dev.estuary.dfs.decorate.CheckedDfs}) and the reserved names hidden and refused ({@link
 * dev.estuary.dfs.decorate.ReservedNamesDfs}). Built on {@link dev.estuary.dfs.ForwardingDfs},
 * {@link dev.estuary.dfs.ForwardingVolume} and {@link dev.estuary.dfs.ForwardingFileHandle}, so
 * they work over the engine, a remote backend or DAOS alike.
 */
@NullMarked
package dev.estuary.dfs.decorate;

import org.jspecify.annotations.NullMarked;

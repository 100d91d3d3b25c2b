/** The client side: the remote {@link dev.estuary.dfs.Volume}, handles, lock sessions and watches. */
@NullMarked
package dev.estuary.dfs.remote.internal.client;

import org.jspecify.annotations.NullMarked;

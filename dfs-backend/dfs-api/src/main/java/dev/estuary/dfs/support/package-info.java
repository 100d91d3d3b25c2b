/**
 * Building blocks for implementations of the backend contract (the embedded engine, the remote
 * client): behaviour the contract prescribes that every implementation would otherwise write again.
 * Frontends do not use this package.
 */
@NullMarked
package dev.estuary.dfs.support;

import org.jspecify.annotations.NullMarked;

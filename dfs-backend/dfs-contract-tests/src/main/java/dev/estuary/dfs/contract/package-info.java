/**
 * The contract test suite of the backend API: abstract JUnit 5 classes, one per area, that every
 * {@link dev.estuary.dfs.DfsProvider} implementation runs by subclassing and supplying {@link
 * dev.estuary.dfs.contract.DfsContractSupport#provider()}. The expectations come from the Javadoc
 * of {@code dev.estuary.dfs}; optional facets are tested exactly when {@link
 * dev.estuary.dfs.Dfs#capabilities()} advertises them.
 */
@NullMarked
package dev.estuary.dfs.contract;

import org.jspecify.annotations.NullMarked;

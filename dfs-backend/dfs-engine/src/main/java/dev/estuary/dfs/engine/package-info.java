/**
 * The embedded storage engine: {@link dev.estuary.dfs.engine.EngineProvider} implements the
 * {@code dev.estuary.dfs} contract over RocksDB and sparse data files. Everything else is in the
 * {@code internal} package.
 */
@NullMarked
package dev.estuary.dfs.engine;

import org.jspecify.annotations.NullMarked;

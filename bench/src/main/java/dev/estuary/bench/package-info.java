/**
 * Side-by-side benchmarks: {@link dev.estuary.bench.EngineBench} compares the embedded engine,
 * through dfs-api, with java.nio on the same filesystem.
 */
@NullMarked
package dev.estuary.bench;

import org.jspecify.annotations.NullMarked;

/** The dfs-remote benchmark: calls over the unix socket vs the same calls in-process (bench/README.md). */
@NullMarked
package dev.estuary.bench.remote;

import org.jspecify.annotations.NullMarked;

/** What the side-by-side protocol benchmarks (bench/nfs-bench, bench/smb-bench, bench/s3-bench) share. */
@NullMarked
package dev.estuary.bench.support;

import org.jspecify.annotations.NullMarked;

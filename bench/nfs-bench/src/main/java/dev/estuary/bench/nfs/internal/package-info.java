/** The NFS benchmark's load client, servers and workloads. */
@NullMarked
package dev.estuary.bench.nfs.internal;

import org.jspecify.annotations.NullMarked;

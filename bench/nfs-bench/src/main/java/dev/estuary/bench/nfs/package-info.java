/** The NFS benchmark: our NFS frontend vs nfs-ganesha 4.x (bench/README.md, "NFS benchmark"). */
@NullMarked
package dev.estuary.bench.nfs;

import org.jspecify.annotations.NullMarked;

/** The S3 benchmark's servers, load generator and workloads. */
@NullMarked
package dev.estuary.bench.s3.internal;

import org.jspecify.annotations.NullMarked;

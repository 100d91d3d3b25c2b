/**
 * The harness behind {@link dev.estuary.bench.EngineBench}: the two sides, the workloads, timing
 * and the report.
 */
@NullMarked
package dev.estuary.bench.internal;

import org.jspecify.annotations.NullMarked;

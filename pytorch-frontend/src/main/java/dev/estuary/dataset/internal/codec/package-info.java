/**
 * Wire-level helpers of the dataset service around the generated messages ({@code
 * dev.estuary.dataset.proto}): path parsing, request limits, scan batch packing. Never imports the
 * backend contract (DESIGN §1).
 */
@NullMarked
package dev.estuary.dataset.internal.codec;

import org.jspecify.annotations.NullMarked;

/**
 * Server-side encryption (SSE-C, SSE-S3): the block format ({@link
 * dev.estuary.s3.internal.sse.BlockCipher}), the record kept with each encrypted object ({@link
 * dev.estuary.s3.internal.sse.SseRecord}), and the request headers ({@link
 * dev.estuary.s3.internal.sse.SseHeaders}).
 */
@NullMarked
package dev.estuary.s3.internal.sse;

import org.jspecify.annotations.NullMarked;

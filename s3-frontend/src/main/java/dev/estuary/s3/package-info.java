/**
 * The S3 frontend: the S3 REST API (path-style and virtual-host addressing, SigV4) served by
 * Armeria over the shared backend, with buckets as volumes and keys as paths (DESIGN §2).
 */
@NullMarked
package dev.estuary.s3;

import org.jspecify.annotations.NullMarked;

/** The S3 benchmark: our frontend vs s3proxy 4.1.0 and nginx (bench/README.md). */
@NullMarked
package dev.estuary.bench.s3;

import org.jspecify.annotations.NullMarked;

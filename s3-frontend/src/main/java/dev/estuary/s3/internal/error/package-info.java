/** The one table of S3 error codes and the exception that carries one. */
@NullMarked
package dev.estuary.s3.internal.error;

import org.jspecify.annotations.NullMarked;

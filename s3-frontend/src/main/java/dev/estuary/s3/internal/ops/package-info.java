/** One handler per S3 operation (the only place that sees both S3 messages and dfs-api), the namespace mapping of DESIGN §2 and the ErrorKind table. */
@NullMarked
package dev.estuary.s3.internal.ops;

import org.jspecify.annotations.NullMarked;

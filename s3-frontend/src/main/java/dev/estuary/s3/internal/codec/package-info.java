/** S3 request and response bodies as immutable records: the error document and the request XML parsers. Never imports dfs-api. */
@NullMarked
package dev.estuary.s3.internal.codec;

import org.jspecify.annotations.NullMarked;

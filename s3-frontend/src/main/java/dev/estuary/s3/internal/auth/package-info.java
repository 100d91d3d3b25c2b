/** AWS Signature Version 4: header and presigned verification, and the aws-chunked body decoder. */
@NullMarked
package dev.estuary.s3.internal.auth;

import org.jspecify.annotations.NullMarked;

/**
 * S3 access control: the bucket owner, bucket policies (the IAM policy grammar, its parser and
 * evaluator), ACLs, ownership controls and the public access block, the operations that manage
 * them, and {@link dev.estuary.s3.internal.access.AccessControl}, the decorator that decides
 * every request.
 */
@NullMarked
package dev.estuary.s3.internal.access;

import org.jspecify.annotations.NullMarked;

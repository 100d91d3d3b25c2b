/**
 * Request authentication for S3. AWS Signature Version 2, header and presigned ({@link
 * dev.estuary.s3.internal.auth.SigV2Authenticator}), and the signature of a POST Object form
 * ({@link dev.estuary.s3.internal.auth.PostSignatureVerifier}). AWS Signature Version 4: header
 * and presigned verification ({@link dev.estuary.s3.internal.auth.SigV4Authenticator}), the five {@code x-amz-content-sha256} forms
 * ({@link dev.estuary.s3.internal.auth.PayloadMode}) and the incremental aws-chunked body decoder
 * with chunk and trailer signatures ({@link dev.estuary.s3.internal.auth.AwsChunkedDecoder}).
 *
 * <p>Verified against the S3 API Reference's worked examples and against requests captured from
 * the AWS SDK for Java v2. Two facts from those captures matter to the server: the canonical URI
 * is the raw path percent-decoded once, {@code %2F} included, and re-encoded (the SDK sends the
 * key {@code a//b} as {@code a/%2Fb} but signs {@code a//b}), so the server too must decode
 * {@code %2F} in the key; and checks run in S3's order (anonymous, mechanism, date, skew, access
 * key, scope, signature), which the ceph s3-tests header cases observe.
 */
@NullMarked
package dev.estuary.s3.internal.auth;

import org.jspecify.annotations.NullMarked;

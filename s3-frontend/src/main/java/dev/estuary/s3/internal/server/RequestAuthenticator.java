package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.RequestHeaders;

/** Checks a request's SigV4 signature (header or presigned) before anything else happens. */
public interface RequestAuthenticator {
  /**
   * Authenticates a request.
   *
   * @param headers the request headers
   * @param rawPath the raw path, as signed
   * @param rawQuery the raw query string, or empty
   * @return the principal and body decoding
   * @throws dev.estuary.s3.internal.error.S3Exception when the request is not correctly signed
   */
  Authenticated authenticate(RequestHeaders headers, String rawPath, String rawQuery);
}

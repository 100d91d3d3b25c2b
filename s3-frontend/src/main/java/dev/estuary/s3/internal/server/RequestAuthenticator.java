package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;

/** Checks a request's SigV4 signature (header or presigned) before anything else happens. */
public interface RequestAuthenticator {
  /**
   * Authenticates a request.
   *
   * @param ctx the request context (raw path and query)
   * @param headers the request headers
   * @return the principal and body decoding
   * @throws dev.estuary.s3.internal.error.S3Exception when the request is not correctly signed
   */
  Authenticated authenticate(ServiceRequestContext ctx, RequestHeaders headers);
}

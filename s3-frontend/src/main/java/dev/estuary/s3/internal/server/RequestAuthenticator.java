package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.estuary.core.Principal;
import java.util.Map;

/**
 * Checks a request's signature (SigV4 or SigV2, header or presigned, or the fields of a POST
 * form) before anything else happens.
 */
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

  /**
   * Authenticates a POST Object form by the signature fields it carries over its policy.
   *
   * @param fields the form fields before the file, by lower-case name
   * @return the signer, or null when the form carries no policy and no signature (anonymous)
   * @throws dev.estuary.s3.internal.error.S3Exception when the signature fields are wrong
   */
  @org.jspecify.annotations.Nullable Principal authenticateForm(Map<String, String> fields);
}

package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.core.Principal;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated S3 request as a handler sees it.
 *
 * @param requestId the id sent back in {@code x-amz-request-id}
 * @param operation the operation routed to
 * @param bucket the bucket, or null for service-level requests
 * @param key the decoded object key, or null for bucket-level requests
 * @param query the decoded query parameters
 * @param headers the request headers
 * @param principal who sent it (null only for unsigned CORS preflights)
 * @param body the request body, decoded and verified as it is read
 * @param clientAddress the address the request came from ({@code aws:SourceIp}), or null when
 *     unknown
 * @param secureTransport whether the request came over TLS (the {@code aws:SecureTransport}
 *     condition key of bucket policies)
 */
public record OpRequest(
    String requestId,
    Operation operation,
    @Nullable String bucket,
    @Nullable String key,
    QueryParams query,
    RequestHeaders headers,
    @Nullable Principal principal,
    RequestBody body,
    java.net.@Nullable InetAddress clientAddress,
    boolean secureTransport) {

  /**
   * Creates a request whose origin is unknown (no {@code aws:SourceIp}, not over TLS: the
   * transport that allows the least).
   *
   * @param requestId see the record
   * @param operation see the record
   * @param bucket see the record
   * @param key see the record
   * @param query see the record
   * @param headers see the record
   * @param principal see the record
   * @param body see the record
   */
  public OpRequest(String requestId, Operation operation, @Nullable String bucket,
      @Nullable String key, QueryParams query, RequestHeaders headers,
      @Nullable Principal principal, RequestBody body) {
    this(requestId, operation, bucket, key, query, headers, principal, body, null, false);
  }

  /**
   * Returns whether the client's address is a loopback address (127.0.0.0/8, ::1).
   *
   * @return false when the address is unknown
   */
  public boolean loopbackClient() {
    return clientAddress != null && clientAddress.isLoopbackAddress();
  }

  /** Validates the components. */
  public OpRequest {
    requireNonNull(requestId, "requestId");
    requireNonNull(operation, "operation");
    requireNonNull(query, "query");
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
  }

  /**
   * Returns this request as another principal makes it: the access decorator hands handlers the
   * signer with the grant a bucket policy or ACL gave for this one request.
   *
   * @param p the principal
   * @return the changed copy
   */
  public OpRequest withPrincipal(Principal p) {
    return new OpRequest(requestId, operation, bucket, key, query, headers, p, body,
        clientAddress, secureTransport);
  }

  /**
   * Returns the bucket, which bucket-level operations always have.
   *
   * @return the bucket name
   */
  public String requireBucket() {
    if (bucket == null) {
      throw new IllegalStateException("operation " + operation + " routed without a bucket");
    }
    return bucket;
  }

  /**
   * Returns the key, which object-level operations always have.
   *
   * @return the key
   */
  public String requireKey() {
    if (key == null) {
      throw new IllegalStateException("operation " + operation + " routed without a key");
    }
    return key;
  }

  /**
   * Returns the principal, which every operation but the CORS preflight has.
   *
   * @return the principal
   */
  public Principal requirePrincipal() {
    if (principal == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "this operation needs a signed request");
    }
    return principal;
  }

  /**
   * Returns a header, or null.
   *
   * @param name the header name
   * @return its first value
   */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /**
   * Returns a query parameter, or null.
   *
   * @param name the parameter
   * @return its first value
   */
  public @Nullable String param(String name) {
    return query.get(name);
  }
}

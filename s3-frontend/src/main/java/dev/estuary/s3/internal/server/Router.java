package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.s3.internal.ops.Operation;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Picks the S3 operation from the method, the target and the sub-resource query parameters (S3
 * API Reference, each operation's "Request Syntax"). A sub-resource this frontend does not offer
 * ({@code ?acl}, {@code ?policy}, {@code ?lifecycle}, ...) routes to {@link
 * Operation#NOT_IMPLEMENTED}, never to a plain object or bucket operation that would misread it.
 */
public final class Router {
  /** Bucket sub-resources answered with NotImplemented. */
  private static final Set<String> BUCKET_UNSUPPORTED = Set.of(
      "policy", "policyStatus", "lifecycle", "replication", "website", "logging",
      "notification", "tagging", "encryption", "object-lock", "ownershipControls",
      "publicAccessBlock", "accelerate", "requestPayment", "analytics", "inventory", "metrics",
      "intelligent-tiering", "session", "metadataTable", "metadataConfiguration");
  /** Object sub-resources answered with NotImplemented. */
  private static final Set<String> OBJECT_UNSUPPORTED = Set.of(
      "retention", "legal-hold", "torrent", "restore", "select", "attributes",
      "renameObject");

  private Router() {}

  /**
   * Routes a request.
   *
   * @param headers the request headers
   * @param target the bucket and key
   * @param q the query parameters
   * @return the operation
   */
  public static Operation route(RequestHeaders headers, Target target, QueryParams q) {
    HttpMethod m = headers.method();
    if (target.bucket() == null) {
      return m == HttpMethod.GET ? Operation.LIST_BUCKETS : Operation.NOT_IMPLEMENTED;
    }
    if (m == HttpMethod.OPTIONS) {
      return Operation.CORS_PREFLIGHT;
    }
    return target.key() == null ? bucket(m, q) : object(m, q, headers.get("x-amz-copy-source"));
  }

  private static Operation bucket(HttpMethod m, QueryParams q) {
    if (q.contains("acl")) {
      // Reading the ACL is answered (owner FULL_CONTROL); changing it is not offered.
      return m == HttpMethod.GET ? Operation.GET_BUCKET_ACL : Operation.NOT_IMPLEMENTED;
    }
    for (String s : BUCKET_UNSUPPORTED) {
      if (q.contains(s)) {
        return Operation.NOT_IMPLEMENTED;
      }
    }
    return switch (m.name()) {
      case "PUT" -> q.contains("cors") ? Operation.PUT_BUCKET_CORS
          : q.contains("versioning") ? Operation.NOT_IMPLEMENTED : Operation.CREATE_BUCKET;
      case "DELETE" -> q.contains("cors") ? Operation.DELETE_BUCKET_CORS : Operation.DELETE_BUCKET;
      case "HEAD" -> Operation.HEAD_BUCKET;
      case "GET" -> q.contains("location") ? Operation.GET_BUCKET_LOCATION
          : q.contains("versioning") ? Operation.GET_BUCKET_VERSIONING
          : q.contains("cors") ? Operation.GET_BUCKET_CORS
          : q.contains("uploads") ? Operation.LIST_MULTIPART_UPLOADS
          : q.contains("versions") ? Operation.LIST_OBJECT_VERSIONS
          : "2".equals(q.get("list-type")) ? Operation.LIST_OBJECTS_V2
          : Operation.LIST_OBJECTS;
      case "POST" -> q.contains("delete") ? Operation.DELETE_OBJECTS : Operation.NOT_IMPLEMENTED;
      default -> Operation.NOT_IMPLEMENTED;
    };
  }

  private static Operation object(HttpMethod m, QueryParams q, @Nullable String copySource) {
    if (q.contains("acl")) {
      return m == HttpMethod.GET ? Operation.GET_OBJECT_ACL : Operation.NOT_IMPLEMENTED;
    }
    for (String s : OBJECT_UNSUPPORTED) {
      if (q.contains(s)) {
        return Operation.NOT_IMPLEMENTED;
      }
    }
    return switch (m.name()) {
      case "PUT" -> q.contains("tagging") ? Operation.PUT_OBJECT_TAGGING
          : q.contains("uploadId") || q.contains("partNumber")
              ? (copySource != null ? Operation.UPLOAD_PART_COPY : Operation.UPLOAD_PART)
          : copySource != null ? Operation.COPY_OBJECT : Operation.PUT_OBJECT;
      case "GET" -> q.contains("tagging") ? Operation.GET_OBJECT_TAGGING
          : q.contains("uploadId") ? Operation.LIST_PARTS : Operation.GET_OBJECT;
      case "HEAD" -> Operation.HEAD_OBJECT;
      case "DELETE" -> q.contains("tagging") ? Operation.DELETE_OBJECT_TAGGING
          : q.contains("uploadId") ? Operation.ABORT_MULTIPART_UPLOAD : Operation.DELETE_OBJECT;
      case "POST" -> q.contains("uploads") ? Operation.CREATE_MULTIPART_UPLOAD
          : q.contains("uploadId") ? Operation.COMPLETE_MULTIPART_UPLOAD : Operation.NOT_IMPLEMENTED;
      default -> Operation.NOT_IMPLEMENTED;
    };
  }
}

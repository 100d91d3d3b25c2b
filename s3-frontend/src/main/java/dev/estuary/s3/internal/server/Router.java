package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Operation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Picks the S3 operation from an explicit table of (method, target, sub-resource). The target is
 * the service, a bucket or an object; the sub-resource is the query parameter that names the
 * operation ({@code PUT /bucket?cors} is PutBucketCors, {@code PUT /bucket} CreateBucket). Every
 * cell of the table is one of three answers:
 *
 * <ul>
 *   <li>an operation this server implements;
 *   <li>{@code NotImplemented} (501) for an operation S3 offers there and this server does not
 *       (PutBucketLogging, PutObjectRetention, ...), for a parameter that looks like a sub-resource
 *       this server does not know (S3 adds sub-resources over time) and for two sub-resources at
 *       once;
 *   <li>{@code MethodNotAllowed} (405), as S3 answers, for a method S3 offers on no operation of
 *       that target and sub-resource ({@code DELETE /bucket?versioning}, {@code POST /bucket/key}).
 * </ul>
 *
 * <p>A request therefore never falls through to the plain bucket or object operation: a sub-resource
 * the table does not name cannot delete a bucket or overwrite an object (issue 8: {@code DELETE
 * /bucket?versioning} used to delete the bucket). The S3 entries are those of the S3 API Reference
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html),
 * each operation's "URI Request Parameters", as in the AWS SDK for Java 2.56 service model.
 */
public final class Router {
  /** What a request names. */
  public enum Level {
    /** {@code /}: no bucket. */
    SERVICE,
    /** {@code /bucket}. */
    BUCKET,
    /** {@code /bucket/key}. */
    OBJECT
  }

  /**
   * The result of routing.
   *
   * @param operation the operation; {@link Operation#NOT_IMPLEMENTED} or {@link
   *     Operation#METHOD_NOT_ALLOWED} when the table refuses the request
   * @param refusal the error to answer (after authentication), or null to run the operation; set
   *     also for an operation given a {@code versionId} or {@code partNumber} it does not take
   */
  public record Route(Operation operation, @Nullable S3Exception refusal) {}

  /**
   * Every sub-resource of the S3 API: a query parameter that selects the operation. {@code
   * uploadId} selects the multipart operations on an object (UploadPart, ListParts, Complete,
   * Abort). Not here: parameters that qualify an operation ({@link #PARAMETERS}).
   */
  static final Set<String> SUB_RESOURCES = Set.of(
      "abac", "accelerate", "acl", "analytics", "annotation", "attributes", "cors", "delete",
      "encryption", "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "location",
      "logging", "metadataAnnotationTable", "metadataConfiguration", "metadataInventoryTable",
      "metadataJournalTable", "metadataTable", "metrics", "notification", "object-lock",
      "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "renameObject",
      "replication", "requestPayment", "restore", "retention", "select", "session", "tagging",
      "torrent", "uploadId", "uploads", "versioning", "versions", "website");

  /**
   * Query parameters that qualify an operation and never select one: listing and paging
   * parameters, versions and parts, configuration ids, {@code select-type}, and {@code x-id} (the
   * operation name the AWS SDKs add, e.g. {@code x-id=PutObject}). Presigned-URL parameters
   * ({@code X-Amz-*}) and response overrides ({@code response-*}) are recognised by prefix.
   */
  static final Set<String> PARAMETERS = Set.of(
      "list-type", "prefix", "delimiter", "marker", "max-keys", "encoding-type",
      "continuation-token", "fetch-owner", "start-after", "key-marker", "version-id-marker",
      "upload-id-marker", "max-uploads", "max-parts", "part-number-marker", "versionId",
      "partNumber", "id", "select-type", "x-id", "max-buckets", "bucket-region",
      "max-directory-buckets", "optional-object-attributes");

  /** A bare parameter with this shape is taken for a sub-resource this server does not know. */
  private static final Pattern SUB_RESOURCE_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  private static final List<HttpMethod> METHODS = List.of(
      HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE);

  private record Key(Level level, HttpMethod method, String subResource) {}

  /** One cell: S3's operation there, and ours if this server implements it. */
  private record Cell(String s3Name, @Nullable Operation operation) {}

  private static final Map<Key, Cell> TABLE = table();

  /** Operations whose handlers answer for the version a {@code versionId} names. */
  private static final Set<Operation> VERSION_HANDLED = EnumSet.of(
      Operation.GET_OBJECT, Operation.HEAD_OBJECT, Operation.DELETE_OBJECT,
      Operation.GET_OBJECT_TAGGING, Operation.PUT_OBJECT_TAGGING, Operation.DELETE_OBJECT_TAGGING,
      Operation.GET_OBJECT_ACL, Operation.PUT_OBJECT_ACL, Operation.GET_OBJECT_ATTRIBUTES,
      Operation.GET_OBJECT_RETENTION,
      Operation.PUT_OBJECT_RETENTION, Operation.GET_OBJECT_LEGAL_HOLD, Operation.PUT_OBJECT_LEGAL_HOLD);
  /** Operations that take a {@code partNumber}. */
  private static final Set<Operation> PART_NUMBER = EnumSet.of(Operation.GET_OBJECT,
      Operation.HEAD_OBJECT, Operation.UPLOAD_PART, Operation.UPLOAD_PART_COPY);

  private Router() {}

  private static Map<Key, Cell> table() {
    Map<Key, Cell> t = new HashMap<>();
    // Implemented. "" is the plain target without a sub-resource.
    ours(t, Level.SERVICE, HttpMethod.GET, "", "ListBuckets", Operation.LIST_BUCKETS);
    ours(t, Level.BUCKET, HttpMethod.PUT, "", "CreateBucket", Operation.CREATE_BUCKET);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "", "DeleteBucket", Operation.DELETE_BUCKET);
    ours(t, Level.BUCKET, HttpMethod.HEAD, "", "HeadBucket", Operation.HEAD_BUCKET);
    ours(t, Level.BUCKET, HttpMethod.GET, "", "ListObjects", Operation.LIST_OBJECTS);
    ours(t, Level.BUCKET, HttpMethod.GET, "location", "GetBucketLocation",
        Operation.GET_BUCKET_LOCATION);
    ours(t, Level.BUCKET, HttpMethod.GET, "versioning", "GetBucketVersioning",
        Operation.GET_BUCKET_VERSIONING);
    ours(t, Level.BUCKET, HttpMethod.PUT, "versioning", "PutBucketVersioning",
        Operation.PUT_BUCKET_VERSIONING);
    ours(t, Level.BUCKET, HttpMethod.GET, "cors", "GetBucketCors", Operation.GET_BUCKET_CORS);
    ours(t, Level.BUCKET, HttpMethod.PUT, "cors", "PutBucketCors", Operation.PUT_BUCKET_CORS);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "cors", "DeleteBucketCors",
        Operation.DELETE_BUCKET_CORS);
    ours(t, Level.BUCKET, HttpMethod.GET, "tagging", "GetBucketTagging",
        Operation.GET_BUCKET_TAGGING);
    ours(t, Level.BUCKET, HttpMethod.PUT, "tagging", "PutBucketTagging",
        Operation.PUT_BUCKET_TAGGING);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "tagging", "DeleteBucketTagging",
        Operation.DELETE_BUCKET_TAGGING);
    ours(t, Level.BUCKET, HttpMethod.GET, "encryption", "GetBucketEncryption",
        Operation.GET_BUCKET_ENCRYPTION);
    ours(t, Level.BUCKET, HttpMethod.PUT, "encryption", "PutBucketEncryption",
        Operation.PUT_BUCKET_ENCRYPTION);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "encryption", "DeleteBucketEncryption",
        Operation.DELETE_BUCKET_ENCRYPTION);
    ours(t, Level.BUCKET, HttpMethod.GET, "object-lock", "GetObjectLockConfiguration",
        Operation.GET_OBJECT_LOCK_CONFIGURATION);
    ours(t, Level.BUCKET, HttpMethod.PUT, "object-lock", "PutObjectLockConfiguration",
        Operation.PUT_OBJECT_LOCK_CONFIGURATION);
    ours(t, Level.BUCKET, HttpMethod.GET, "lifecycle", "GetBucketLifecycleConfiguration",
        Operation.GET_BUCKET_LIFECYCLE);
    ours(t, Level.BUCKET, HttpMethod.PUT, "lifecycle", "PutBucketLifecycleConfiguration",
        Operation.PUT_BUCKET_LIFECYCLE);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "lifecycle", "DeleteBucketLifecycle",
        Operation.DELETE_BUCKET_LIFECYCLE);
    ours(t, Level.BUCKET, HttpMethod.GET, "uploads", "ListMultipartUploads",
        Operation.LIST_MULTIPART_UPLOADS);
    ours(t, Level.BUCKET, HttpMethod.GET, "versions", "ListObjectVersions",
        Operation.LIST_OBJECT_VERSIONS);
    ours(t, Level.BUCKET, HttpMethod.GET, "acl", "GetBucketAcl", Operation.GET_BUCKET_ACL);
    ours(t, Level.BUCKET, HttpMethod.PUT, "acl", "PutBucketAcl", Operation.PUT_BUCKET_ACL);
    ours(t, Level.BUCKET, HttpMethod.GET, "policy", "GetBucketPolicy", Operation.GET_BUCKET_POLICY);
    ours(t, Level.BUCKET, HttpMethod.PUT, "policy", "PutBucketPolicy", Operation.PUT_BUCKET_POLICY);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "policy", "DeleteBucketPolicy",
        Operation.DELETE_BUCKET_POLICY);
    ours(t, Level.BUCKET, HttpMethod.GET, "policyStatus", "GetBucketPolicyStatus",
        Operation.GET_BUCKET_POLICY_STATUS);
    ours(t, Level.BUCKET, HttpMethod.GET, "ownershipControls", "GetBucketOwnershipControls",
        Operation.GET_BUCKET_OWNERSHIP_CONTROLS);
    ours(t, Level.BUCKET, HttpMethod.PUT, "ownershipControls", "PutBucketOwnershipControls",
        Operation.PUT_BUCKET_OWNERSHIP_CONTROLS);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "ownershipControls", "DeleteBucketOwnershipControls",
        Operation.DELETE_BUCKET_OWNERSHIP_CONTROLS);
    ours(t, Level.BUCKET, HttpMethod.GET, "publicAccessBlock", "GetPublicAccessBlock",
        Operation.GET_PUBLIC_ACCESS_BLOCK);
    ours(t, Level.BUCKET, HttpMethod.PUT, "publicAccessBlock", "PutPublicAccessBlock",
        Operation.PUT_PUBLIC_ACCESS_BLOCK);
    ours(t, Level.BUCKET, HttpMethod.DELETE, "publicAccessBlock", "DeletePublicAccessBlock",
        Operation.DELETE_PUBLIC_ACCESS_BLOCK);
    ours(t, Level.BUCKET, HttpMethod.POST, "delete", "DeleteObjects", Operation.DELETE_OBJECTS);
    ours(t, Level.BUCKET, HttpMethod.POST, "", "PostObject", Operation.POST_OBJECT);
    ours(t, Level.OBJECT, HttpMethod.PUT, "", "PutObject", Operation.PUT_OBJECT);
    ours(t, Level.OBJECT, HttpMethod.GET, "", "GetObject", Operation.GET_OBJECT);
    ours(t, Level.OBJECT, HttpMethod.HEAD, "", "HeadObject", Operation.HEAD_OBJECT);
    ours(t, Level.OBJECT, HttpMethod.DELETE, "", "DeleteObject", Operation.DELETE_OBJECT);
    ours(t, Level.OBJECT, HttpMethod.GET, "acl", "GetObjectAcl", Operation.GET_OBJECT_ACL);
    ours(t, Level.OBJECT, HttpMethod.PUT, "acl", "PutObjectAcl", Operation.PUT_OBJECT_ACL);
    ours(t, Level.OBJECT, HttpMethod.GET, "tagging", "GetObjectTagging",
        Operation.GET_OBJECT_TAGGING);
    ours(t, Level.OBJECT, HttpMethod.PUT, "tagging", "PutObjectTagging",
        Operation.PUT_OBJECT_TAGGING);
    ours(t, Level.OBJECT, HttpMethod.DELETE, "tagging", "DeleteObjectTagging",
        Operation.DELETE_OBJECT_TAGGING);
    ours(t, Level.OBJECT, HttpMethod.GET, "attributes", "GetObjectAttributes",
        Operation.GET_OBJECT_ATTRIBUTES);
    ours(t, Level.OBJECT, HttpMethod.GET, "retention", "GetObjectRetention",
        Operation.GET_OBJECT_RETENTION);
    ours(t, Level.OBJECT, HttpMethod.PUT, "retention", "PutObjectRetention",
        Operation.PUT_OBJECT_RETENTION);
    ours(t, Level.OBJECT, HttpMethod.GET, "legal-hold", "GetObjectLegalHold",
        Operation.GET_OBJECT_LEGAL_HOLD);
    ours(t, Level.OBJECT, HttpMethod.PUT, "legal-hold", "PutObjectLegalHold",
        Operation.PUT_OBJECT_LEGAL_HOLD);
    ours(t, Level.OBJECT, HttpMethod.POST, "uploads", "CreateMultipartUpload",
        Operation.CREATE_MULTIPART_UPLOAD);
    ours(t, Level.OBJECT, HttpMethod.PUT, "uploadId", "UploadPart", Operation.UPLOAD_PART);
    ours(t, Level.OBJECT, HttpMethod.GET, "uploadId", "ListParts", Operation.LIST_PARTS);
    ours(t, Level.OBJECT, HttpMethod.POST, "uploadId", "CompleteMultipartUpload",
        Operation.COMPLETE_MULTIPART_UPLOAD);
    ours(t, Level.OBJECT, HttpMethod.DELETE, "uploadId", "AbortMultipartUpload",
        Operation.ABORT_MULTIPART_UPLOAD);

    // Offered by S3, not by this server: NotImplemented.
    s3(t, Level.BUCKET, HttpMethod.GET, "abac", "GetBucketAbac");
    s3(t, Level.BUCKET, HttpMethod.PUT, "abac", "PutBucketAbac");
    s3(t, Level.BUCKET, HttpMethod.GET, "accelerate", "GetBucketAccelerateConfiguration");
    s3(t, Level.BUCKET, HttpMethod.PUT, "accelerate", "PutBucketAccelerateConfiguration");
    bucketConfig(t, "analytics", "BucketAnalyticsConfiguration");
    bucketConfig(t, "intelligent-tiering", "BucketIntelligentTieringConfiguration");
    bucketConfig(t, "inventory", "BucketInventoryConfiguration");
    s3(t, Level.BUCKET, HttpMethod.GET, "logging", "GetBucketLogging");
    s3(t, Level.BUCKET, HttpMethod.PUT, "logging", "PutBucketLogging");
    s3(t, Level.BUCKET, HttpMethod.PUT, "metadataAnnotationTable",
        "UpdateBucketMetadataAnnotationTableConfiguration");
    s3(t, Level.BUCKET, HttpMethod.GET, "metadataConfiguration",
        "GetBucketMetadataConfiguration");
    s3(t, Level.BUCKET, HttpMethod.POST, "metadataConfiguration",
        "CreateBucketMetadataConfiguration");
    s3(t, Level.BUCKET, HttpMethod.DELETE, "metadataConfiguration",
        "DeleteBucketMetadataConfiguration");
    s3(t, Level.BUCKET, HttpMethod.PUT, "metadataInventoryTable",
        "UpdateBucketMetadataInventoryTableConfiguration");
    s3(t, Level.BUCKET, HttpMethod.PUT, "metadataJournalTable",
        "UpdateBucketMetadataJournalTableConfiguration");
    s3(t, Level.BUCKET, HttpMethod.GET, "metadataTable", "GetBucketMetadataTableConfiguration");
    s3(t, Level.BUCKET, HttpMethod.POST, "metadataTable",
        "CreateBucketMetadataTableConfiguration");
    s3(t, Level.BUCKET, HttpMethod.DELETE, "metadataTable",
        "DeleteBucketMetadataTableConfiguration");
    bucketConfig(t, "metrics", "BucketMetricsConfiguration");
    s3(t, Level.BUCKET, HttpMethod.GET, "notification", "GetBucketNotificationConfiguration");
    s3(t, Level.BUCKET, HttpMethod.PUT, "notification", "PutBucketNotificationConfiguration");
    s3(t, Level.BUCKET, HttpMethod.GET, "replication", "GetBucketReplication");
    s3(t, Level.BUCKET, HttpMethod.PUT, "replication", "PutBucketReplication");
    s3(t, Level.BUCKET, HttpMethod.DELETE, "replication", "DeleteBucketReplication");
    s3(t, Level.BUCKET, HttpMethod.GET, "requestPayment", "GetBucketRequestPayment");
    s3(t, Level.BUCKET, HttpMethod.PUT, "requestPayment", "PutBucketRequestPayment");
    s3(t, Level.BUCKET, HttpMethod.GET, "session", "CreateSession");
    s3(t, Level.BUCKET, HttpMethod.GET, "website", "GetBucketWebsite");
    s3(t, Level.BUCKET, HttpMethod.PUT, "website", "PutBucketWebsite");
    s3(t, Level.BUCKET, HttpMethod.DELETE, "website", "DeleteBucketWebsite");
    s3(t, Level.OBJECT, HttpMethod.GET, "annotation", "GetObjectAnnotation");
    s3(t, Level.OBJECT, HttpMethod.PUT, "annotation", "PutObjectAnnotation");
    s3(t, Level.OBJECT, HttpMethod.DELETE, "annotation", "DeleteObjectAnnotation");
    s3(t, Level.OBJECT, HttpMethod.PUT, "encryption", "UpdateObjectEncryption");
    s3(t, Level.OBJECT, HttpMethod.PUT, "renameObject", "RenameObject");
    s3(t, Level.OBJECT, HttpMethod.POST, "restore", "RestoreObject");
    s3(t, Level.OBJECT, HttpMethod.POST, "select", "SelectObjectContent");
    s3(t, Level.OBJECT, HttpMethod.GET, "torrent", "GetObjectTorrent");
    return Map.copyOf(t);
  }

  /** The Get, Put, Delete and List operations of a bucket configuration kept by id. */
  private static void bucketConfig(Map<Key, Cell> t, String sub, String name) {
    s3(t, Level.BUCKET, HttpMethod.GET, sub, "Get" + name + " / List" + name + "s");
    s3(t, Level.BUCKET, HttpMethod.PUT, sub, "Put" + name);
    s3(t, Level.BUCKET, HttpMethod.DELETE, sub, "Delete" + name);
  }

  private static void ours(Map<Key, Cell> t, Level l, HttpMethod m, String sub, String s3Name,
      Operation op) {
    put(t, new Key(l, m, sub), new Cell(s3Name, op));
  }

  private static void s3(Map<Key, Cell> t, Level l, HttpMethod m, String sub, String s3Name) {
    put(t, new Key(l, m, sub), new Cell(s3Name, null));
  }

  private static void put(Map<Key, Cell> t, Key k, Cell c) {
    if (t.put(k, c) != null) {
      throw new IllegalStateException("route table: " + k + " twice (expected: once)");
    }
  }

  /**
   * Routes a request.
   *
   * @param headers the request headers
   * @param target the bucket and key
   * @param q the query parameters
   * @return the operation, or the refusal to answer
   */
  public static Route route(RequestHeaders headers, Target target, QueryParams q) {
    HttpMethod m = headers.method();
    Level level = target.bucket() == null ? Level.SERVICE
        : target.key() == null ? Level.BUCKET : Level.OBJECT;
    if (m == HttpMethod.OPTIONS && level != Level.SERVICE) {
      // A CORS preflight names the method and headers of the request to come, whatever its query.
      return new Route(Operation.CORS_PREFLIGHT, null);
    }
    List<String> subs = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : new TreeSet<>(q.names())) {
      if (SUB_RESOURCES.contains(name)) {
        subs.add(name);
      } else if (!isParameter(name) && q.getAll(name).stream().allMatch(String::isEmpty)
          && SUB_RESOURCE_LIKE.matcher(name).matches()) {
        unknown.add(name);
      }
    }
    String where = m + " on " + describe(level);
    if (!unknown.isEmpty()) {
      return notImplemented(where + " with sub-resource '?" + unknown.get(0) + "': not an S3"
          + " sub-resource this server knows (expected: one of the S3 API's)");
    }
    if (subs.size() > 1) {
      return notImplemented(where + " with sub-resources '?" + String.join("', '?", subs)
          + "' at once (expected: at most one)");
    }
    String sub = subs.isEmpty() ? "" : subs.get(0);
    Cell cell = TABLE.get(new Key(level, m, sub));
    if (cell == null) {
      return methodNotAllowed(m, level, sub, where);
    }
    if (cell.operation() == null) {
      return notImplemented(cell.s3Name() + " (" + where
          + (sub.isEmpty() ? "" : " with sub-resource '?" + sub + "'")
          + "): not implemented by this server");
    }
    Operation op = refine(cell.operation(), headers, q);
    return new Route(op, misplaced(op, q));
  }

  /**
   * Refuses {@code versionId} and {@code partNumber} where the operation takes none: they name a
   * version or a part, so ignoring them would act on the whole current object instead (S3 API
   * Reference, each operation's URI Request Parameters).
   */
  private static @Nullable S3Exception misplaced(Operation op, QueryParams q) {
    String version = q.get("versionId");
    if (version != null && !VERSION_HANDLED.contains(op)) {
      return invalidArgument("versionId", version, op);
    }
    String part = q.get("partNumber");
    if (part != null && !PART_NUMBER.contains(op)) {
      return invalidArgument("partNumber", part, op);
    }
    return null;
  }

  private static S3Exception invalidArgument(String name, String value, Operation op) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, name + ": '" + value + "' (expected: no "
        + name + " on " + op.s3Name() + ", which takes none)")
        .withDetail("ArgumentName", name).withDetail("ArgumentValue", value);
  }

  /** Picks among the operations that share a cell: by {@code list-type}, the copy source, parts. */
  private static Operation refine(Operation op, RequestHeaders headers, QueryParams q) {
    boolean copy = headers.get("x-amz-copy-source") != null;
    return switch (op) {
      case LIST_OBJECTS -> "2".equals(q.get("list-type")) ? Operation.LIST_OBJECTS_V2 : op;
      // A PUT naming a part number without an upload id is an UploadPart that finds no upload
      // (NoSuchUpload), never a PutObject that would overwrite the object.
      case PUT_OBJECT -> q.contains("partNumber")
          ? (copy ? Operation.UPLOAD_PART_COPY : Operation.UPLOAD_PART)
          : copy ? Operation.COPY_OBJECT : op;
      case UPLOAD_PART -> copy ? Operation.UPLOAD_PART_COPY : op;
      default -> op;
    };
  }

  private static boolean isParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return PARAMETERS.contains(name) || lower.startsWith("x-amz-") || name.startsWith("response-");
  }

  private static String describe(Level level) {
    return switch (level) {
      case SERVICE -> "the service";
      case BUCKET -> "a bucket";
      case OBJECT -> "an object";
    };
  }

  private static Route notImplemented(String message) {
    return new Route(Operation.NOT_IMPLEMENTED,
        new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, message));
  }

  private static Route methodNotAllowed(HttpMethod m, Level level, String sub, String where) {
    List<String> allowed = new ArrayList<>();
    for (HttpMethod other : METHODS) {
      if (TABLE.containsKey(new Key(level, other, sub))) {
        allowed.add(other.name());
      }
    }
    String message = where + (sub.isEmpty() ? "" : " with sub-resource '?" + sub + "'")
        + ": S3 has no such operation (expected: "
        + (allowed.isEmpty() ? "no method" : String.join(" or ", allowed)) + ")";
    return new Route(Operation.METHOD_NOT_ALLOWED,
        new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, message)
            .withDetail("Method", m.name())
            .withDetail("ResourceType", level.name()));
  }
}

package dev.estuary.s3.internal.access;

import dev.estuary.s3.internal.ops.Operation;
import dev.estuary.s3.internal.codec.AclPermission;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The IAM action each S3 operation is authorised as, and the ACL permission that grants it (S3
 * User Guide, "Actions, resources, and condition keys for Amazon S3" and "Mapping of ACL
 * permissions and access policy permissions"). Operations are matched by their enum name, so an
 * operation added later gets the action named after it ({@code s3:} + its S3 name) until it is
 * listed here.
 */
public final class S3Actions {
  /**
   * Every S3 action name a policy may mention, including those of operations this server does not
   * serve (a policy naming them is valid, as on AWS).
   */
  static final Set<String> KNOWN = Set.of(
      "AbortMultipartUpload", "BypassGovernanceRetention", "CreateBucket", "DeleteBucket",
      "DeleteBucketOwnershipControls", "DeleteBucketPolicy", "DeleteBucketWebsite",
      "DeleteObject", "DeleteObjectTagging", "DeleteObjectVersion", "DeleteObjectVersionTagging",
      "GetAccelerateConfiguration", "GetAnalyticsConfiguration", "GetBucketAcl", "GetBucketCORS",
      "GetBucketLocation", "GetBucketLogging", "GetBucketNotification",
      "GetBucketObjectLockConfiguration", "GetBucketOwnershipControls", "GetBucketPolicy",
      "GetBucketPolicyStatus", "GetBucketPublicAccessBlock", "GetBucketRequestPayment",
      "GetBucketTagging", "GetBucketVersioning", "GetBucketWebsite",
      "GetEncryptionConfiguration", "GetIntelligentTieringConfiguration",
      "GetInventoryConfiguration", "GetLifecycleConfiguration", "GetMetricsConfiguration",
      "GetObject", "GetObjectAcl", "GetObjectAttributes", "GetObjectLegalHold",
      "GetObjectRetention", "GetObjectTagging", "GetObjectTorrent", "GetObjectVersion",
      "GetObjectVersionAcl", "GetObjectVersionAttributes", "GetObjectVersionTagging",
      "GetObjectVersionTorrent", "GetReplicationConfiguration", "ListAllMyBuckets", "ListBucket",
      "ListBucketMultipartUploads", "ListBucketVersions", "ListMultipartUploadParts",
      "ObjectOwnerOverrideToBucketOwner", "PutAccelerateConfiguration",
      "PutAnalyticsConfiguration", "PutBucketAcl", "PutBucketCORS", "PutBucketLogging",
      "PutBucketNotification", "PutBucketObjectLockConfiguration", "PutBucketOwnershipControls",
      "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutBucketRequestPayment",
      "PutBucketTagging", "PutBucketVersioning", "PutBucketWebsite", "PutEncryptionConfiguration",
      "PutIntelligentTieringConfiguration", "PutInventoryConfiguration",
      "PutLifecycleConfiguration", "PutMetricsConfiguration", "PutObject", "PutObjectAcl",
      "PutObjectLegalHold", "PutObjectRetention", "PutObjectTagging", "PutObjectVersionAcl",
      "PutObjectVersionTagging", "PutReplicationConfiguration", "ReplicateDelete",
      "ReplicateObject", "ReplicateTags", "RestoreObject");

  private static final Set<String> KNOWN_LOWER = KNOWN.stream()
      .map(a -> "s3:" + a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

  private S3Actions() {}

  /**
   * How one operation is authorised.
   *
   * @param action the IAM action, e.g. {@code s3:GetObject}
   * @param onObject whether its resource is the object ({@code arn:aws:s3:::bucket/key}) when
   *     the request names a key, else the bucket
   * @param aclOnObject whether the ACL consulted is the object's, else the bucket's
   * @param acl the ACL permission that grants the action, or null when no ACL grants it (only
   *     the bucket owner, an administrator's grant or the bucket policy do)
   */
  public record Spec(String action, boolean onObject, boolean aclOnObject,
      @Nullable AclPermission acl) {}

  /**
   * Returns how an operation is authorised.
   *
   * @param op the operation
   * @param versioned whether the request names a version ({@code versionId})
   * @return the action, resource level and ACL permission
   */
  public static Spec of(Operation op, boolean versioned) {
    return switch (op.name()) {
      case "LIST_BUCKETS" -> bucket("ListAllMyBuckets", null);
      case "CREATE_BUCKET" -> bucket("CreateBucket", null);
      case "DELETE_BUCKET" -> bucket("DeleteBucket", null);
      case "HEAD_BUCKET", "LIST_OBJECTS", "LIST_OBJECTS_V2" -> bucket("ListBucket",
          AclPermission.READ);
      case "LIST_OBJECT_VERSIONS" -> bucket("ListBucketVersions", AclPermission.READ);
      case "LIST_MULTIPART_UPLOADS" -> bucket("ListBucketMultipartUploads", AclPermission.READ);
      case "GET_BUCKET_LOCATION" -> bucket("GetBucketLocation", null);
      case "PUT_BUCKET_CORS", "DELETE_BUCKET_CORS" -> bucket("PutBucketCORS", null);
      case "GET_BUCKET_CORS" -> bucket("GetBucketCORS", null);
      case "GET_BUCKET_ACL" -> bucket("GetBucketAcl", AclPermission.READ_ACP);
      case "PUT_BUCKET_ACL" -> bucket("PutBucketAcl", AclPermission.WRITE_ACP);
      case "PUT_BUCKET_POLICY" -> bucket("PutBucketPolicy", null);
      case "GET_BUCKET_POLICY" -> bucket("GetBucketPolicy", null);
      case "DELETE_BUCKET_POLICY" -> bucket("DeleteBucketPolicy", null);
      case "GET_BUCKET_POLICY_STATUS" -> bucket("GetBucketPolicyStatus", null);
      case "PUT_BUCKET_OWNERSHIP_CONTROLS", "DELETE_BUCKET_OWNERSHIP_CONTROLS" ->
          bucket("PutBucketOwnershipControls", null);
      case "GET_BUCKET_OWNERSHIP_CONTROLS" -> bucket("GetBucketOwnershipControls", null);
      case "PUT_PUBLIC_ACCESS_BLOCK", "DELETE_PUBLIC_ACCESS_BLOCK" ->
          bucket("PutBucketPublicAccessBlock", null);
      case "GET_PUBLIC_ACCESS_BLOCK" -> bucket("GetBucketPublicAccessBlock", null);
      case "PUT_OBJECT_LOCK_CONFIGURATION" -> bucket("PutBucketObjectLockConfiguration", null);
      case "GET_OBJECT_LOCK_CONFIGURATION" -> bucket("GetBucketObjectLockConfiguration", null);
      case "PUT_BUCKET_ENCRYPTION", "DELETE_BUCKET_ENCRYPTION" ->
          bucket("PutEncryptionConfiguration", null);
      case "GET_BUCKET_ENCRYPTION" -> bucket("GetEncryptionConfiguration", null);
      case "PUT_BUCKET_LIFECYCLE", "PUT_BUCKET_LIFECYCLE_CONFIGURATION", "DELETE_BUCKET_LIFECYCLE"
          -> bucket("PutLifecycleConfiguration", null);
      case "GET_BUCKET_LIFECYCLE", "GET_BUCKET_LIFECYCLE_CONFIGURATION" ->
          bucket("GetLifecycleConfiguration", null);
      case "PUT_BUCKET_TAGGING", "DELETE_BUCKET_TAGGING" -> bucket("PutBucketTagging", null);
      // Writes into the bucket: the bucket ACL's WRITE grants them.
      case "PUT_OBJECT", "COPY_OBJECT", "CREATE_MULTIPART_UPLOAD", "UPLOAD_PART",
          "UPLOAD_PART_COPY", "COMPLETE_MULTIPART_UPLOAD", "POST_OBJECT" ->
          new Spec("s3:PutObject", true, false, AclPermission.WRITE);
      case "ABORT_MULTIPART_UPLOAD" ->
          new Spec("s3:AbortMultipartUpload", true, false, AclPermission.WRITE);
      case "LIST_PARTS" ->
          new Spec("s3:ListMultipartUploadParts", true, false, AclPermission.WRITE);
      case "DELETE_OBJECT" -> new Spec(versioned ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
          true, false, AclPermission.WRITE);
      // Authorised per key as s3:DeleteObject (see AccessControl).
      case "DELETE_OBJECTS" -> new Spec("s3:DeleteObject", true, false, AclPermission.WRITE);
      case "GET_OBJECT", "HEAD_OBJECT" -> object(versioned ? "GetObjectVersion" : "GetObject",
          AclPermission.READ);
      case "GET_OBJECT_ACL" -> object(versioned ? "GetObjectVersionAcl" : "GetObjectAcl",
          AclPermission.READ_ACP);
      case "PUT_OBJECT_ACL" -> object(versioned ? "PutObjectVersionAcl" : "PutObjectAcl",
          AclPermission.WRITE_ACP);
      case "GET_OBJECT_TAGGING" -> object(versioned ? "GetObjectVersionTagging"
          : "GetObjectTagging", null);
      case "PUT_OBJECT_TAGGING" -> object(versioned ? "PutObjectVersionTagging"
          : "PutObjectTagging", null);
      case "DELETE_OBJECT_TAGGING" -> object(versioned ? "DeleteObjectVersionTagging"
          : "DeleteObjectTagging", null);
      case "GET_OBJECT_ATTRIBUTES" -> object(versioned ? "GetObjectVersionAttributes"
          : "GetObjectAttributes", null);
      // An operation not listed yet: its own name, on the object when the request names one.
      default -> new Spec("s3:" + op.s3Name(), true, false, null);
    };
  }

  private static Spec bucket(String action, @Nullable AclPermission acl) {
    return new Spec("s3:" + action, false, false, acl);
  }

  private static Spec object(String action, @Nullable AclPermission acl) {
    return new Spec("s3:" + action, true, true, acl);
  }

  /**
   * Returns whether a policy's action pattern is valid: {@code *}, or {@code s3:} followed by a
   * pattern that names at least one S3 action (case is ignored, as IAM ignores it).
   *
   * @param pattern the pattern
   * @return whether it is valid
   */
  static boolean isValidPattern(String pattern) {
    if (pattern.equals("*")) {
      return true;
    }
    if (!pattern.toLowerCase(Locale.ROOT).startsWith("s3:")) {
      return false;
    }
    for (String known : KNOWN_LOWER) {
      if (Wildcards.matches(pattern, known, true)) {
        return true;
      }
    }
    return false;
  }
}

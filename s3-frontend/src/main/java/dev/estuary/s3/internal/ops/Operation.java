package dev.estuary.s3.internal.ops;

import dev.estuary.core.Permission;
import org.jspecify.annotations.Nullable;

/**
 * Every S3 operation this frontend answers, with the per-volume permission it needs (DESIGN §5:
 * read, write or admin on the bucket's volume). {@code null} means no volume permission: the
 * operation either needs none (ListBuckets filters by permission) or is answered before any
 * volume is touched (NotImplemented, MethodNotAllowed, CORS preflight, which browsers send unsigned).
 */
public enum Operation {
  LIST_BUCKETS(null),
  CREATE_BUCKET(Permission.ADMIN),
  DELETE_BUCKET(Permission.ADMIN),
  HEAD_BUCKET(Permission.READ),
  GET_BUCKET_LOCATION(Permission.READ),
  GET_BUCKET_VERSIONING(Permission.READ),
  PUT_BUCKET_VERSIONING(Permission.ADMIN),
  PUT_BUCKET_CORS(Permission.ADMIN),
  GET_BUCKET_CORS(Permission.READ),
  DELETE_BUCKET_CORS(Permission.ADMIN),
  PUT_BUCKET_TAGGING(Permission.ADMIN),
  GET_BUCKET_TAGGING(Permission.READ),
  DELETE_BUCKET_TAGGING(Permission.ADMIN),
  PUT_BUCKET_ENCRYPTION(Permission.ADMIN),
  GET_BUCKET_ENCRYPTION(Permission.READ),
  DELETE_BUCKET_ENCRYPTION(Permission.ADMIN),
  PUT_OBJECT_LOCK_CONFIGURATION(Permission.ADMIN),
  GET_OBJECT_LOCK_CONFIGURATION(Permission.READ),
  PUT_BUCKET_LIFECYCLE(Permission.ADMIN),
  GET_BUCKET_LIFECYCLE(Permission.READ),
  DELETE_BUCKET_LIFECYCLE(Permission.ADMIN),
  CORS_PREFLIGHT(null),
  PUT_OBJECT(Permission.WRITE),
  /** POST Object: a browser form upload, authenticated by its own fields (see S3Service). */
  POST_OBJECT(Permission.WRITE),
  GET_OBJECT(Permission.READ),
  HEAD_OBJECT(Permission.READ),
  DELETE_OBJECT(Permission.WRITE),
  DELETE_OBJECTS(Permission.WRITE),
  COPY_OBJECT(Permission.WRITE),
  LIST_OBJECTS_V2(Permission.READ),
  LIST_OBJECTS(Permission.READ),
  LIST_OBJECT_VERSIONS(Permission.READ),
  PUT_OBJECT_TAGGING(Permission.WRITE),
  GET_OBJECT_TAGGING(Permission.READ),
  DELETE_OBJECT_TAGGING(Permission.WRITE),
  GET_OBJECT_ATTRIBUTES(Permission.READ),
  PUT_OBJECT_RETENTION(Permission.WRITE),
  GET_OBJECT_RETENTION(Permission.READ),
  PUT_OBJECT_LEGAL_HOLD(Permission.WRITE),
  GET_OBJECT_LEGAL_HOLD(Permission.READ),
  CREATE_MULTIPART_UPLOAD(Permission.WRITE),
  UPLOAD_PART(Permission.WRITE),
  UPLOAD_PART_COPY(Permission.WRITE),
  COMPLETE_MULTIPART_UPLOAD(Permission.WRITE),
  ABORT_MULTIPART_UPLOAD(Permission.WRITE),
  LIST_PARTS(Permission.READ),
  LIST_MULTIPART_UPLOADS(Permission.READ),
  GET_BUCKET_ACL(Permission.READ),
  GET_OBJECT_ACL(Permission.READ),
  PUT_BUCKET_ACL(Permission.ADMIN),
  PUT_OBJECT_ACL(Permission.WRITE),
  PUT_BUCKET_POLICY(Permission.ADMIN),
  GET_BUCKET_POLICY(Permission.ADMIN),
  DELETE_BUCKET_POLICY(Permission.ADMIN),
  GET_BUCKET_POLICY_STATUS(Permission.ADMIN),
  PUT_BUCKET_OWNERSHIP_CONTROLS(Permission.ADMIN),
  GET_BUCKET_OWNERSHIP_CONTROLS(Permission.ADMIN),
  DELETE_BUCKET_OWNERSHIP_CONTROLS(Permission.ADMIN),
  PUT_PUBLIC_ACCESS_BLOCK(Permission.ADMIN),
  GET_PUBLIC_ACCESS_BLOCK(Permission.ADMIN),
  DELETE_PUBLIC_ACCESS_BLOCK(Permission.ADMIN),
  NOT_IMPLEMENTED(null),
  /** A method S3 offers on no operation of the target and sub-resource (answered 405). */
  METHOD_NOT_ALLOWED(null);

  private final @Nullable Permission permission;

  Operation(@Nullable Permission permission) {
    this.permission = permission;
  }

  /**
   * Returns the permission on the bucket's volume this operation needs.
   *
   * @return the permission, or null when no volume permission is checked
   */
  public @Nullable Permission permission() {
    return permission;
  }

  /**
   * Returns the S3 name of the operation, as used in metric tags.
   *
   * @return e.g. {@code PutObject}
   */
  public String s3Name() {
    StringBuilder b = new StringBuilder();
    for (String part : name().split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return b.toString();
  }
}

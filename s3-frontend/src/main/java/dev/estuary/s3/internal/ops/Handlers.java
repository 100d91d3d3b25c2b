package dev.estuary.s3.internal.ops;

import java.util.EnumMap;
import java.util.Map;

/** The operation table: one handler per S3 operation. */
public final class Handlers {
  private Handlers() {}

  /**
   * Returns every handler.
   *
   * @return the handlers by operation
   */
  public static Map<Operation, Handler> all() {
    return all(new Versions(), new UploadLocks());
  }

  /**
   * Returns every handler, sharing a versioning service (its per-key locks) with other code that
   * changes versions, such as a lifecycle executor.
   *
   * @param versions the versioning service
   * @return the handlers by operation
   */
  public static Map<Operation, Handler> all(Versions versions) {
    return all(versions, new UploadLocks());
  }

  /**
   * Returns every handler, sharing the versioning service (its per-key locks) and the per-upload
   * locks with the lifecycle task.
   *
   * @param versions the versioning service
   * @param uploads the per-upload locks
   * @return the handlers by operation
   */
  public static Map<Operation, Handler> all(Versions versions, UploadLocks uploads) {
    Map<Operation, Handler> m = new EnumMap<>(Operation.class);
    m.put(Operation.LIST_BUCKETS, new ListBucketsOp());
    m.put(Operation.CREATE_BUCKET, new CreateBucketOp());
    m.put(Operation.DELETE_BUCKET, new DeleteBucketOp());
    m.put(Operation.HEAD_BUCKET, new HeadBucketOp());
    m.put(Operation.GET_BUCKET_LOCATION, new GetBucketLocationOp());
    m.put(Operation.GET_BUCKET_VERSIONING, new GetBucketVersioningOp());
    m.put(Operation.PUT_BUCKET_VERSIONING, new PutBucketVersioningOp());
    m.put(Operation.PUT_OBJECT, new PutObjectOp(versions));
    m.put(Operation.POST_OBJECT, new PostObjectOp(m.get(Operation.PUT_OBJECT)));
    m.put(Operation.GET_OBJECT, new GetObjectOp());
    m.put(Operation.HEAD_OBJECT, new HeadObjectOp());
    m.put(Operation.DELETE_OBJECT, new DeleteObjectOp(versions));
    m.put(Operation.LIST_OBJECTS_V2, new ListObjectsV2Op());
    m.put(Operation.LIST_OBJECTS, new ListObjectsOp());
    m.put(Operation.LIST_OBJECT_VERSIONS, new ListObjectVersionsOp());
    m.put(Operation.COPY_OBJECT, new CopyObjectOp(versions));
    m.put(Operation.GET_OBJECT_TAGGING, new GetObjectTaggingOp());
    m.put(Operation.DELETE_OBJECT_TAGGING, new DeleteObjectTaggingOp());
    m.put(Operation.GET_BUCKET_CORS, new GetBucketCorsOp());
    m.put(Operation.DELETE_BUCKET_CORS, new DeleteBucketCorsOp());
    m.put(Operation.GET_BUCKET_TAGGING, new BucketTagging.Get());
    m.put(Operation.DELETE_BUCKET_TAGGING, new BucketTagging.Delete());
    m.put(Operation.GET_OBJECT_ATTRIBUTES, new GetObjectAttributesOp());
    m.put(Operation.PUT_BUCKET_ENCRYPTION, new PutBucketEncryptionOp());
    m.put(Operation.GET_BUCKET_ENCRYPTION, new GetBucketEncryptionOp());
    m.put(Operation.DELETE_BUCKET_ENCRYPTION, new DeleteBucketEncryptionOp());
    m.put(Operation.PUT_OBJECT_LOCK_CONFIGURATION, new PutObjectLockConfigurationOp());
    m.put(Operation.GET_OBJECT_LOCK_CONFIGURATION, new GetObjectLockConfigurationOp());
    m.put(Operation.PUT_OBJECT_RETENTION, new PutObjectRetentionOp());
    m.put(Operation.GET_OBJECT_RETENTION, new GetObjectRetentionOp());
    m.put(Operation.PUT_OBJECT_LEGAL_HOLD, new PutObjectLegalHoldOp());
    m.put(Operation.GET_OBJECT_LEGAL_HOLD, new GetObjectLegalHoldOp());
    m.put(Operation.PUT_BUCKET_LIFECYCLE, new PutBucketLifecycleOp());
    m.put(Operation.GET_BUCKET_LIFECYCLE, new GetBucketLifecycleOp());
    m.put(Operation.DELETE_BUCKET_LIFECYCLE, new DeleteBucketLifecycleOp());
    m.put(Operation.CREATE_MULTIPART_UPLOAD, new CreateMultipartUploadOp());
    m.put(Operation.UPLOAD_PART, new UploadPartOp(uploads));
    m.put(Operation.UPLOAD_PART_COPY, new UploadPartCopyOp(uploads));
    m.put(Operation.ABORT_MULTIPART_UPLOAD, new AbortMultipartUploadOp(uploads));
    m.put(Operation.LIST_PARTS, new ListPartsOp());
    m.put(Operation.LIST_MULTIPART_UPLOADS, new ListMultipartUploadsOp());
    m.put(Operation.COMPLETE_MULTIPART_UPLOAD, new CompleteMultipartUploadOp(uploads, versions));
    m.put(Operation.DELETE_OBJECTS, new DeleteObjectsOp(versions));
    m.put(Operation.PUT_OBJECT_TAGGING, new PutObjectTaggingOp());
    m.put(Operation.PUT_BUCKET_CORS, new PutBucketCorsOp());
    m.put(Operation.PUT_BUCKET_TAGGING, new BucketTagging.Put());
    m.put(Operation.CORS_PREFLIGHT, new CorsPreflightOp());
    // ACLs, policies, ownership controls and the public access block: AccessControl.around.
    return m;
  }
}

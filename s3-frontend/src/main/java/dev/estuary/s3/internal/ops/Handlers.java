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
    Map<Operation, Handler> m = new EnumMap<>(Operation.class);
    m.put(Operation.LIST_BUCKETS, new ListBucketsOp());
    m.put(Operation.CREATE_BUCKET, new CreateBucketOp());
    m.put(Operation.DELETE_BUCKET, new DeleteBucketOp());
    m.put(Operation.HEAD_BUCKET, new HeadBucketOp());
    m.put(Operation.GET_BUCKET_LOCATION, new GetBucketLocationOp());
    m.put(Operation.GET_BUCKET_VERSIONING, new GetBucketVersioningOp());
    m.put(Operation.PUT_OBJECT, new PutObjectOp());
    m.put(Operation.GET_OBJECT, new GetObjectOp());
    m.put(Operation.HEAD_OBJECT, new HeadObjectOp());
    m.put(Operation.DELETE_OBJECT, new DeleteObjectOp());
    m.put(Operation.LIST_OBJECTS_V2, new ListObjectsV2Op());
    m.put(Operation.LIST_OBJECTS, new ListObjectsOp());
    return m;
  }
}

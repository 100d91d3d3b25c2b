package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.AccessControlList;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.KeyPath;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;
import java.io.IOException;

/**
 * PutBucketAcl ({@code PUT /bucket?acl}) and PutObjectAcl ({@code PUT /bucket/key?acl}): the
 * ACL from a canned {@code x-amz-acl}, {@code x-amz-grant-*} headers or an {@code
 * AccessControlPolicy} body (one of them), grantees resolved to users of this server. Refused
 * with AccessControlListNotSupported when the bucket's ownership controls disable ACLs (an ACL
 * that grants only the bucket owner is accepted and changes nothing, as on S3), and with
 * AccessDenied when it is public and the bucket blocks public ACLs.
 */
final class PutAclOp implements Handler {
  private final AclRequests acls;

  PutAclOp(AclRequests acls) {
    this.acls = acls;
  }

  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    String bucket = req.requireBucket();
    Volume v = store.bucket(bucket);
    BucketAccess settings = BucketAccess.read(v);
    AclRequests.Owner bucketOwner = acls.bucketOwner(v, settings);
    Attributes object = req.key() == null ? null
        : GetAclOp.object(req, v);
    AclRequests.Owner owner = bucketOwner;
    if (object != null) {
      AccessControlList current = acls.objectAcl(v, object);
      owner = new AclRequests.Owner(current.ownerId(), current.ownerName());
    }
    boolean headers = AclRequests.hasHeaders(req);
    byte[] body = Bodies.read(req, AccessControlList.MAX_BYTES);
    if (headers && body.length > 0) {
      throw new S3Exception(S3ErrorCode.UNEXPECTED_CONTENT, "an AccessControlPolicy body with"
          + " x-amz-acl or x-amz-grant-* headers (expected: one of them)");
    }
    AccessControlList acl;
    if (headers) {
      acl = acls.fromHeaders(req, owner, bucketOwner, object == null).orElseThrow();
    } else if (body.length > 0) {
      acl = acls.resolve(AccessControlList.parse(body), owner);
    } else {
      throw new S3Exception(S3ErrorCode.MISSING_SECURITY_HEADER, "no x-amz-acl, x-amz-grant-*"
          + " header and no AccessControlPolicy body (expected: one of them)")
          .withDetail("MissingHeaderName", "x-amz-acl");
    }
    if (settings.aclsDisabled()) {
      String ownerId = owner.id();
      boolean ownerOnly = acl.grants().stream().allMatch(g -> ownerId.equals(g.grantee().id()));
      if (!ownerOnly) {
        throw new S3Exception(S3ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED, "bucket '" + bucket
            + "' has ObjectOwnership BucketOwnerEnforced, which disables ACLs (expected: no ACL"
            + " change)");
      }
      return Reply.empty(200);
    }
    if (acl.isPublic() && settings.block().blockPublicAcls()) {
      throw AccessControl.denied("bucket '" + bucket + "' blocks public ACLs (BlockPublicAcls),"
          + " and this ACL grants AllUsers or AuthenticatedUsers");
    }
    if (object == null) {
      BucketAccess.put(v, BucketAccess.ACL, acl.toBytes());
    } else {
      v.setXattr(object.id(), BucketAccess.ACL, acl.toBytes(), XattrMode.UPSERT);
      v.syncNamespace();
    }
    return Reply.empty(200);
  }
}

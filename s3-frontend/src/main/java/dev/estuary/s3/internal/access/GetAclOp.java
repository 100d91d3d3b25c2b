package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.AccessControlList;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.KeyPath;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;

/**
 * GetBucketAcl ({@code GET /bucket?acl}) and GetObjectAcl ({@code GET /bucket/key?acl}): the
 * stored ACL, or the owner with FULL_CONTROL when none was set. With ACLs disabled ({@code
 * BucketOwnerEnforced}) the bucket owner with FULL_CONTROL, as S3 answers.
 */
final class GetAclOp implements Handler {
  private final AclRequests acls;

  GetAclOp(AclRequests acls) {
    this.acls = acls;
  }

  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.bucket(req.requireBucket());
    BucketAccess settings = BucketAccess.read(v);
    AclRequests.Owner bucketOwner = acls.bucketOwner(v, settings);
    if (settings.aclsDisabled()) {
      if (req.key() != null) {
        Store.find(v, KeyPath.parse(req.requireKey()));
      }
      return Reply.xml(AccessControlList.ownerOnly(bucketOwner.id(), bucketOwner.name())
          .encode());
    }
    if (req.key() == null) {
      AccessControlList acl = settings.acl() != null ? settings.acl()
          : AccessControlList.ownerOnly(bucketOwner.id(), bucketOwner.name());
      return Reply.xml(acl.encode());
    }
    Attributes a = Store.find(v, KeyPath.parse(req.requireKey())).attributes();
    return Reply.xml(acls.objectAcl(v, a).encode());
  }
}

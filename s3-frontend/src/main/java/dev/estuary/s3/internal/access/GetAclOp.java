package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.AccessControlList;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.KeyPath;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;
import dev.estuary.s3.internal.ops.VersionedRead;

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
        object(req, v);
      }
      return Reply.xml(AccessControlList.ownerOnly(bucketOwner.id(), bucketOwner.name())
          .encode());
    }
    if (req.key() == null) {
      AccessControlList acl = settings.acl() != null ? settings.acl()
          : AccessControlList.ownerOnly(bucketOwner.id(), bucketOwner.name());
      return Reply.xml(acl.encode());
    }
    Attributes a = object(req, v);
    return Reply.xml(acls.objectAcl(v, a).encode());
  }

  /** The object, or with {@code versionId} the version it names (its ACL moved with it). */
  static Attributes object(OpRequest req, Volume v) {
    KeyPath key = KeyPath.parse(req.requireKey());
    String version = req.param("versionId");
    return version != null ? VersionedRead.named(v, key, version, false).attributes()
        : Store.find(v, key).attributes();
  }
}

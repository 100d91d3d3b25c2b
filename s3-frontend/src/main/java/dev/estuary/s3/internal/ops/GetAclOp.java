package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.AccessControlPolicyXml;

/**
 * GetBucketAcl ({@code GET /bucket?acl}) and GetObjectAcl ({@code GET /bucket/key?acl}): the
 * owner (the volume root's or the file's uid, or with {@code versionId} the version's) with
 * FULL_CONTROL. Access is decided by per-volume
 * permissions (DESIGN §5), which ACLs cannot express; PutBucketAcl and PutObjectAcl are
 * NotImplemented.
 */
final class GetAclOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    Volume v = store.volume(req);
    String version = req.param("versionId");
    Attributes a = req.key() == null ? v.getAttributes(v.root())
        : version != null ? VersionedRead.named(store.bucket(req.requireBucket()),
            KeyPath.parse(req.requireKey()), version, false).attributes()
        : Store.find(v, KeyPath.parse(req.requireKey())).attributes();
    String id = Integer.toString(a.uid());
    return Reply.xml(AccessControlPolicyXml.encode(id, id));
  }
}

package dev.estuary.s3.internal.access;

import dev.estuary.dfs.Retention;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.AccessControlList;
import dev.estuary.s3.internal.codec.OwnershipControls;
import dev.estuary.s3.internal.codec.PublicAccessBlock;
import dev.estuary.s3.internal.ops.Xattrs;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A bucket's access settings, kept as extended attributes of the volume root next to its other S3
 * settings (so they live and die with the volume, and the file protocols, which expose only the
 * {@code user.} namespace, can neither see nor change them): the owner, the policy, the ACL, the
 * ownership controls and the public access block. An object's ACL is the attribute {@value
 * #ACL} of the object itself, so it moves with the object when it is renamed or kept as an older
 * version.
 *
 * @param owner the owning user's name; null for a volume the administrator created ({@code
 *     estuary volume create}), which only holders of an administrator's grant administer
 * @param policy the policy document as stored, or null
 * @param acl the bucket ACL, or null for the default (the owner has full control)
 * @param ownership the ownership controls, or null when none were set
 * @param publicAccessBlock the public access block, or null when none was set
 */
public record BucketAccess(@Nullable String owner, byte @Nullable [] policy,
    @Nullable AccessControlList acl, OwnershipControls.@Nullable ObjectOwnership ownership,
    @Nullable PublicAccessBlock publicAccessBlock) {
  /** The owner's user name. */
  static final String OWNER = "estuary.s3.owner";
  /** The policy JSON as sent. */
  static final String POLICY = "estuary.s3.policy";
  /** The ACL ({@code AccessControlPolicy} XML), on the root for the bucket, on objects for them. */
  public static final String ACL = Retention.ACCESS_CONTROL_XATTR_PREFIX + "s3-acl";
  /** The {@code ObjectOwnership} value. */
  static final String OWNERSHIP = "estuary.s3.ownership";
  /** The {@code PublicAccessBlockConfiguration} XML. */
  static final String PUBLIC_ACCESS_BLOCK = "estuary.s3.public-access-block";

  /**
   * Reads a bucket's settings.
   *
   * @param v the volume, unchecked (settings are the frontend's, not a caller's)
   * @return the settings
   */
  public static BucketAccess read(Volume v) {
    ObjectId root = v.root();
    // One listing first, then only the attributes present: a bucket without settings costs one
    // backend call, one created through S3 (its owner recorded) two.
    java.util.List<String> names = Xattrs.names(v, root);
    java.util.function.Function<String, Optional<byte[]>> present =
        name -> Xattrs.get(v, root, names, name);
    String owner = present.apply(OWNER).map(b -> new String(b, StandardCharsets.UTF_8))
        .orElse(null);
    byte[] policy = present.apply(POLICY).orElse(null);
    AccessControlList acl = present.apply(ACL).map(AccessControlList::decode).orElse(null);
    OwnershipControls.ObjectOwnership ownership = present.apply(OWNERSHIP)
        .map(b -> OwnershipControls.ownership(new String(b, StandardCharsets.UTF_8)))
        .orElse(null);
    PublicAccessBlock pab = present.apply(PUBLIC_ACCESS_BLOCK).map(PublicAccessBlock::parse)
        .orElse(null);
    return new BucketAccess(owner, policy, acl, ownership, pab);
  }

  /**
   * Returns the public access block in force.
   *
   * @return the configuration, {@link PublicAccessBlock#NONE} when none was set
   */
  public PublicAccessBlock block() {
    return publicAccessBlock == null ? PublicAccessBlock.NONE : publicAccessBlock;
  }

  /**
   * Returns whether ACLs are disabled ({@code BucketOwnerEnforced}).
   *
   * @return true when ACLs neither grant nor may be set
   */
  public boolean aclsDisabled() {
    return ownership == OwnershipControls.ObjectOwnership.BucketOwnerEnforced;
  }

  /**
   * Reads one attribute.
   *
   * @param v the volume
   * @param id the object
   * @param name the attribute
   * @return its value, empty when absent
   */
  static Optional<byte[]> get(Volume v, ObjectId id, String name) {
    return Xattrs.get(v, id, name);
  }

  /**
   * Sets or removes one attribute of the volume root and makes it durable.
   *
   * @param v the volume
   * @param name the attribute
   * @param value the value, or null to remove it
   */
  static void put(Volume v, String name, byte @Nullable [] value) {
    if (value == null) {
      try {
        v.removeXattr(v.root(), name);
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
          throw e;
        }
      }
    } else {
      v.setXattr(v.root(), name, value, XattrMode.UPSERT);
    }
    v.syncNamespace();
  }
}

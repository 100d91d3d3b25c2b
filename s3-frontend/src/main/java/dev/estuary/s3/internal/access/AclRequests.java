package dev.estuary.s3.internal.access;

import dev.estuary.core.IdentityService;
import dev.estuary.core.Principal;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.AccessControlList;
import dev.estuary.s3.internal.codec.AccessControlList.Grant;
import dev.estuary.s3.internal.codec.AccessControlList.Grantee;
import dev.estuary.s3.internal.codec.AclPermission;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.OpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a request says about an ACL into one: a canned ACL ({@code x-amz-acl}, S3 User
 * Guide "Canned ACL"), explicit grants ({@code x-amz-grant-read: id="1000", uri="..."}) or an
 * {@code AccessControlPolicy} body. Grantees are checked against the users of this server: a
 * canonical id is the decimal uid of a user, an e-mail address the name of one.
 */
final class AclRequests {
  private static final String[][] GRANT_HEADERS = {
      {"x-amz-grant-read", "READ"}, {"x-amz-grant-write", "WRITE"},
      {"x-amz-grant-read-acp", "READ_ACP"}, {"x-amz-grant-write-acp", "WRITE_ACP"},
      {"x-amz-grant-full-control", "FULL_CONTROL"}};

  private final IdentityService identity;

  AclRequests(IdentityService identity) {
    this.identity = identity;
  }

  /**
   * The owner of an ACL: a user's canonical id and name.
   *
   * @param id the canonical id
   * @param name the display name
   */
  record Owner(String id, String name) {}

  /**
   * Returns the owner for a uid: the user with that uid, or the uid alone.
   *
   * @param uid the uid
   * @return the owner
   */
  Owner ownerOfUid(int uid) {
    String id = Integer.toUnsignedString(uid);
    return new Owner(id, identity.principalByUid(uid).map(Principal::name).orElse(id));
  }

  /**
   * Returns the owner for a user name.
   *
   * @param name the user name
   * @return the owner, empty if no such user exists any more
   */
  Optional<Owner> ownerOfName(String name) {
    return identity.principal(name)
        .map(p -> new Owner(Integer.toUnsignedString(p.uid()), p.name()));
  }

  /**
   * Returns an object's ACL: the stored one, or its owner (the file's uid) with full control.
   *
   * @param v the volume
   * @param a the object
   * @return the ACL
   */
  AccessControlList objectAcl(Volume v, Attributes a) {
    Optional<byte[]> stored = BucketAccess.get(v, a.id(), BucketAccess.ACL);
    if (stored.isPresent()) {
      try {
        return AccessControlList.decode(stored.get());
      } catch (RuntimeException e) {
        // Unreadable (never written so by this server): the owner-only ACL, which grants least.
      }
    }
    Owner o = ownerOfUid(a.uid());
    return AccessControlList.ownerOnly(o.id(), o.name());
  }

  /**
   * Returns the owner of a bucket: the user who created it through S3, else the owner of the
   * volume root (for a volume the administrator created).
   *
   * @param v the volume
   * @param settings its access settings
   * @return the owner
   */
  Owner bucketOwner(Volume v, BucketAccess settings) {
    if (settings.owner() != null) {
      Optional<Owner> o = ownerOfName(settings.owner());
      if (o.isPresent()) {
        return o.get();
      }
    }
    return ownerOfUid(v.getAttributes(v.root()).uid());
  }

  /**
   * Returns whether the request carries ACL headers.
   *
   * @param req the request
   * @return whether {@code x-amz-acl} or an {@code x-amz-grant-*} header is present
   */
  static boolean hasHeaders(OpRequest req) {
    if (req.header("x-amz-acl") != null) {
      return true;
    }
    for (String[] h : GRANT_HEADERS) {
      if (req.header(h[0]) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds the ACL the headers of a request ask for.
   *
   * @param req the request
   * @param owner the owner of what the ACL is for
   * @param bucketOwner the bucket's owner (for {@code bucket-owner-*}), or null
   * @param forBucket whether the ACL is a bucket's (bucket-only canned ACLs allowed)
   * @return the ACL, empty when the request has no ACL header
   * @throws S3Exception {@code InvalidArgument} for an unknown canned ACL or grantee, {@code
   *     InvalidRequest} for a canned ACL and grant headers together
   */
  Optional<AccessControlList> fromHeaders(OpRequest req, Owner owner, @Nullable Owner bucketOwner,
      boolean forBucket) {
    String canned = req.header("x-amz-acl");
    List<Grant> grants = new ArrayList<>();
    for (String[] h : GRANT_HEADERS) {
      String v = req.header(h[0]);
      if (v != null) {
        for (Grantee g : grantees(h[0], v)) {
          grants.add(new Grant(g, AclPermission.valueOf(h[1])));
        }
      }
    }
    if (canned != null && !grants.isEmpty()) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "x-amz-acl and x-amz-grant-* headers"
          + " together (expected: one of them; specifying both Canned ACLs and Header Grants is"
          + " not allowed)");
    }
    if (canned != null) {
      return Optional.of(canned(canned.strip(), owner, bucketOwner, forBucket));
    }
    if (grants.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AccessControlList(owner.id(), owner.name(), grants));
  }

  /**
   * Returns a canned ACL.
   *
   * @param name its name
   * @param owner the owner
   * @param bucketOwner the bucket owner, or null
   * @param forBucket whether it is for a bucket
   * @return the ACL
   */
  static AccessControlList canned(String name, Owner owner, @Nullable Owner bucketOwner,
      boolean forBucket) {
    List<Grant> g = new ArrayList<>();
    g.add(new Grant(Grantee.user(owner.id(), owner.name()), AclPermission.FULL_CONTROL));
    switch (name) {
      case "private" -> { }
      case "public-read" -> g.add(new Grant(Grantee.group(AccessControlList.ALL_USERS),
          AclPermission.READ));
      case "public-read-write" -> {
        g.add(new Grant(Grantee.group(AccessControlList.ALL_USERS), AclPermission.READ));
        g.add(new Grant(Grantee.group(AccessControlList.ALL_USERS), AclPermission.WRITE));
      }
      case "authenticated-read" -> g.add(new Grant(
          Grantee.group(AccessControlList.AUTHENTICATED_USERS), AclPermission.READ));
      case "bucket-owner-read", "bucket-owner-full-control" -> {
        // On a bucket these are the same as private (S3 User Guide, "Canned ACL").
        if (!forBucket && bucketOwner != null && !bucketOwner.id().equals(owner.id())) {
          g.add(new Grant(Grantee.user(bucketOwner.id(), bucketOwner.name()),
              name.equals("bucket-owner-read") ? AclPermission.READ
                  : AclPermission.FULL_CONTROL));
        }
      }
      case "log-delivery-write" -> {
        g.add(new Grant(Grantee.group(AccessControlList.LOG_DELIVERY), AclPermission.WRITE));
        g.add(new Grant(Grantee.group(AccessControlList.LOG_DELIVERY), AclPermission.READ_ACP));
      }
      default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-acl: '" + name
          + "' (expected: private, public-read, public-read-write, authenticated-read,"
          + " bucket-owner-read, bucket-owner-full-control or log-delivery-write)")
          .withDetail("ArgumentName", "x-amz-acl").withDetail("ArgumentValue", name);
    }
    return new AccessControlList(owner.id(), owner.name(), g);
  }

  /** Parses {@code id="1000", uri="http://...", emailAddress="alice"}. */
  private List<Grantee> grantees(String header, String value) {
    List<Grantee> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw badGrant(header, value, "'" + p + "' is not TYPE=\"VALUE\"");
      }
      String type = p.substring(0, eq).strip();
      String v = p.substring(eq + 1).strip();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      out.add(switch (type) {
        case "id" -> userById(v);
        case "uri" -> group(v);
        case "emailAddress" -> userByEmail(v);
        default -> throw badGrant(header, value, "grantee type '" + type + "'");
      });
    }
    if (out.isEmpty()) {
      throw badGrant(header, value, "no grantee");
    }
    return out;
  }

  private static S3Exception badGrant(String header, String value, String why) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, header + ": '" + value + "': " + why
        + " (expected: id=\"UID\", uri=\"GROUP URI\" or emailAddress=\"USER\", comma-separated)")
        .withDetail("ArgumentName", header).withDetail("ArgumentValue", value);
  }

  /**
   * Resolves a parsed {@code AccessControlPolicy}: grantees checked, e-mail grantees turned into
   * users, the owner required to be the current one.
   *
   * @param parsed the ACL as sent
   * @param owner the current owner
   * @return the ACL to store
   */
  AccessControlList resolve(AccessControlList.Parsed parsed, Owner owner) {
    if (parsed.ownerId() != null && !parsed.ownerId().equals(owner.id())) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Owner/ID: '" + parsed.ownerId()
          + "' (expected: '" + owner.id() + "', the current owner; an ACL cannot change the"
          + " owner)");
    }
    List<Grant> grants = new ArrayList<>();
    for (AccessControlList.ParsedGrant g : parsed.grants()) {
      Grantee e = g.id() != null ? userById(g.id())
          : g.uri() != null ? group(g.uri()) : userByEmail(java.util.Objects.requireNonNull(g.email()));
      grants.add(new Grant(e, g.permission()));
    }
    return new AccessControlList(owner.id(), owner.name(), grants);
  }

  private Grantee userById(String id) {
    Optional<Principal> p = Optional.empty();
    if (id.matches("[0-9]{1,10}") && Long.parseLong(id) <= 0xFFFF_FFFFL) {
      p = identity.principalByUid((int) Long.parseLong(id));
    }
    if (p.isEmpty()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "grantee id: '" + id + "' (expected:"
          + " the canonical id of a user of this server, the decimal uid)")
          .withDetail("ArgumentName", "CanonicalUser/ID").withDetail("ArgumentValue", id);
    }
    return Grantee.user(Integer.toUnsignedString(p.get().uid()), p.get().name());
  }

  private Grantee userByEmail(String email) {
    Principal p = identity.principal(email).orElseThrow(() -> new S3Exception(
        S3ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS, "grantee emailAddress: '" + email
            + "' (expected: the name of a user of this server)").withDetail("EmailAddress", email));
    return Grantee.user(Integer.toUnsignedString(p.uid()), p.name());
  }

  private static Grantee group(String uri) {
    if (!uri.equals(AccessControlList.ALL_USERS) && !uri.equals(
        AccessControlList.AUTHENTICATED_USERS) && !uri.equals(AccessControlList.LOG_DELIVERY)) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "grantee uri: '" + uri + "' (expected: "
          + AccessControlList.ALL_USERS + ", " + AccessControlList.AUTHENTICATED_USERS + " or "
          + AccessControlList.LOG_DELIVERY + ")")
          .withDetail("ArgumentName", "Group/URI").withDetail("ArgumentValue", uri);
    }
    return Grantee.group(uri);
  }
}

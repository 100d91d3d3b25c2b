package dev.estuary.s3.internal.access;

import dev.estuary.core.IdentityService;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.AccessControlList;
import dev.estuary.s3.internal.codec.AclPermission;
import dev.estuary.s3.internal.codec.OwnershipControls;
import dev.estuary.s3.internal.codec.XmlTree;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.KeyPath;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.PostForm;
import dev.estuary.s3.internal.ops.Operation;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;
import dev.estuary.s3.internal.ops.Tagging;
import dev.estuary.s3.internal.ops.Uploads;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The one access decision of every S3 request, as a decorator around the operation handlers:
 * the request's action, resource, principal and condition keys against the administrator's
 * per-volume grant, the bucket's owner, its policy and its ACLs, with AWS's evaluation order (IAM
 * User Guide, "Policy evaluation logic"; S3 User Guide, "How Amazon S3 authorizes a request"):
 *
 * <ol>
 *   <li>an explicit Deny in the bucket policy refuses, whoever asks (the bucket owner and global
 *       administrators can still read, replace and delete the policy, as the AWS account root
 *       can, so a mistaken policy never locks a bucket away);
 *   <li>an administrator's grant on the volume ({@code estuary user grant}, global admins)
 *       allows what it covers (read, write, admin), as an identity policy would;
 *   <li>the bucket owner may do everything with the bucket;
 *   <li>an Allow of the bucket policy allows (not to anonymous callers when the public access
 *       block restricts a public policy);
 *   <li>an ACL grant (bucket ACL for listing and writing, object ACL for reading the object, the
 *       {@code _ACP} permissions for the ACLs) allows, unless the bucket's ownership controls
 *       disable ACLs or the public access block says to ignore public grants;
 *   <li>otherwise AccessDenied.
 * </ol>
 *
 * <p><b>How an allowed caller passes the POSIX checks.</b> Handlers work through {@link
 * dev.estuary.core.CheckedVolume}, which checks the per-volume grant and mode bits. A caller
 * allowed by ownership gets the {@code admin} grant on the bucket for this request (the owner
 * administers its volume); one allowed by the policy or an ACL gets the grant the operation needs
 * ({@code read} or {@code write}, never {@code admin}) on that bucket for this one request, with
 * its own uid and groups: mode bits still apply, so a file made private (0600) through NFS or SMB
 * stays private whatever an ACL says. Anonymous callers are {@link Anonymous#PRINCIPAL}
 * ({@code nobody}).
 *
 * <p>ACL headers of the writing operations (CreateBucket, PutObject, CopyObject,
 * CreateMultipartUpload) are checked before the handler runs and stored after it succeeded; the
 * object is private until then, never more open than asked.
 */
public final class AccessControl {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(
      AccessControl.class);

  private final AclRequests acls;

  private AccessControl(IdentityService identity) {
    this.acls = new AclRequests(identity);
  }

  /**
   * Returns the handlers with the access-control operations added (policy, ACL, ownership
   * controls, public access block) and every handler wrapped in the access decision.
   *
   * @param handlers the operation handlers
   * @param identity the users (principals named in policies and grants, display names)
   * @return the decorated table
   */
  public static Map<Operation, Handler> around(Map<Operation, Handler> handlers,
      IdentityService identity) {
    AccessControl ac = new AccessControl(identity);
    Map<Operation, Handler> all = new EnumMap<>(Operation.class);
    all.putAll(handlers);
    all.put(Operation.PUT_BUCKET_POLICY, new PutBucketPolicyOp(identity));
    all.put(Operation.GET_BUCKET_POLICY, new GetBucketPolicyOp());
    all.put(Operation.DELETE_BUCKET_POLICY, new DeleteBucketPolicyOp());
    all.put(Operation.GET_BUCKET_POLICY_STATUS, new GetBucketPolicyStatusOp());
    all.put(Operation.GET_BUCKET_ACL, new GetAclOp(ac.acls));
    all.put(Operation.GET_OBJECT_ACL, new GetAclOp(ac.acls));
    all.put(Operation.PUT_BUCKET_ACL, new PutAclOp(ac.acls));
    all.put(Operation.PUT_OBJECT_ACL, new PutAclOp(ac.acls));
    all.put(Operation.PUT_BUCKET_OWNERSHIP_CONTROLS, new PutBucketOwnershipControlsOp());
    all.put(Operation.GET_BUCKET_OWNERSHIP_CONTROLS, new GetBucketOwnershipControlsOp());
    all.put(Operation.DELETE_BUCKET_OWNERSHIP_CONTROLS, new DeleteBucketOwnershipControlsOp());
    all.put(Operation.PUT_PUBLIC_ACCESS_BLOCK, new PutPublicAccessBlockOp());
    all.put(Operation.GET_PUBLIC_ACCESS_BLOCK, new GetPublicAccessBlockOp());
    all.put(Operation.DELETE_PUBLIC_ACCESS_BLOCK, new DeletePublicAccessBlockOp());
    Map<Operation, Handler> out = new EnumMap<>(Operation.class);
    all.forEach((op, h) -> out.put(op, (req, store) -> ac.handle(req, store, h)));
    return out;
  }

  private Reply handle(OpRequest req, Store store, Handler inner) throws Exception {
    Principal p = req.principal();
    if (p == null) {
      // The CORS preflight, which browsers send unsigned by design and which touches no data.
      return inner.handle(req, store);
    }
    boolean anon = Anonymous.is(p);
    String bucket = req.bucket();
    Operation op = req.operation();
    if (bucket == null) {
      // ListBuckets: the buckets the caller owns or holds a grant on. An anonymous caller owns
      // none and holds none, so it gets the empty list (as Ceph RGW answers, which s3-tests
      // expects) and learns nothing.
      return inner.handle(req.withPrincipal(anon ? p : withOwnedBuckets(p, store)), store);
    }
    if (op == Operation.CREATE_BUCKET) {
      return createBucket(req, store, inner, p, anon, bucket);
    }
    // A missing bucket is NoSuchBucket to every caller, as on S3: bucket names are one namespace
    // that CreateBucket reveals anyway.
    Volume v = store.bucket(bucket);
    BucketAccess settings = BucketAccess.read(v);
    S3Actions.Spec spec = S3Actions.of(op, req.param("versionId") != null);
    Permission needed = op.permission() == null ? Permission.READ : op.permission();
    Principal effective = authorize(req, store, v, settings, bucket, req.key(), spec, needed,
        p, anon, op == Operation.DELETE_OBJECTS, policyOp(op));
    if (op == Operation.COPY_OBJECT || op == Operation.UPLOAD_PART_COPY) {
      effective = authorizeCopySource(req, store, p, effective, anon);
    }
    AccessControlList acl = objectAclToApply(req, store, v, settings, effective, anon);
    req = decideBypass(req, store, v, settings, bucket, p, anon, op == Operation.DELETE_OBJECTS);
    Reply r = inner.handle(req.withPrincipal(effective), store);
    if (r.status() < 300 && acl != null) {
      applyObjectAcl(req, v, acl, r);
    }
    return r;
  }

  /** The header that asks to shorten or remove a governance retention (S3 Object Lock). */
  private static final String BYPASS = "x-amz-bypass-governance-retention";

  private static final S3Actions.Spec BYPASS_SPEC =
      new S3Actions.Spec("s3:BypassGovernanceRetention", true, false, null);

  /**
   * Decides {@code s3:BypassGovernanceRetention} for a request that asks for it, as a second
   * action beside the request's own (S3 User Guide, "Bypassing governance mode"): the bucket owner,
   * an administrator's {@code admin} grant or a policy Allow give it, an explicit Deny takes it
   * away, ACLs never grant it. A request not entitled goes on without the header, so the handler
   * meets the retention as if it had not been asked ({@code AccessDenied}), as S3 does.
   */
  private OpRequest decideBypass(OpRequest req, Store store, Volume v, BucketAccess settings,
      String bucket, Principal p, boolean anon, boolean anyKey) {
    String h = req.header(BYPASS);
    if (h == null || !h.strip().equalsIgnoreCase("true")) {
      return req;
    }
    try {
      authorize(req, store, v, settings, bucket, req.key(), BYPASS_SPEC, Permission.ADMIN, p, anon,
          anyKey, false);
      return req;
    } catch (S3Exception notEntitled) {
      return new OpRequest(req.requestId(), req.operation(), req.bucket(), req.key(), req.query(),
          req.headers().toBuilder().removeAndThen(BYPASS).build(), req.principal(), req.body(),
          req.clientAddress(), req.secureTransport());
    }
  }

  private static boolean policyOp(Operation op) {
    return op == Operation.PUT_BUCKET_POLICY || op == Operation.GET_BUCKET_POLICY
        || op == Operation.DELETE_BUCKET_POLICY;
  }

  /**
   * Decides one action on one bucket (and key) and returns the principal to run it as.
   *
   * @param anyKey DeleteObjects: keys come in the body, so an Allow must cover every key of the
   *     bucket and a Deny of any key refuses the whole batch (refusing more than AWS, which
   *     answers per key, never less)
   */
  private Principal authorize(OpRequest req, Store store, Volume v, BucketAccess settings,
      String bucket, @Nullable String key, S3Actions.Spec spec, Permission needed, Principal p,
      boolean anon, boolean anyKey, boolean policyOp) {
    String resource = "arn:aws:s3:::" + bucket
        + (anyKey ? "/*" : spec.onObject() && key != null ? "/" + key : "");
    boolean owner = !anon && settings.owner() != null && settings.owner().equals(p.name());
    boolean granted = !anon && store.authorizer().allows(p, bucket, needed);
    Policy policy = null;
    PolicyEvaluator.Decision pd = PolicyEvaluator.Decision.NONE;
    if (settings.policy() != null) {
      try {
        policy = Policy.parse(settings.policy(), bucket, u -> true);
        pd = PolicyEvaluator.evaluate(policy, new PolicyEvaluator.Request(p, anon,
            spec.action(), resource, anyKey, keys(req, store.clock(), v, p, anon, key,
                new String(settings.policy(), StandardCharsets.UTF_8))));
      } catch (S3Exception e) {
        // A stored policy that no longer parses refuses (fails closed) rather than allow.
        log.warn("bucket '{}': stored policy unreadable, denying: {}", bucket, e.getMessage());
        pd = PolicyEvaluator.Decision.DENY;
      }
    }
    if (pd == PolicyEvaluator.Decision.DENY && !(policyOp && (owner || p.admin()))) {
      throw denied((anon ? "anonymous request" : "user '" + p.name() + "'") + ": " + spec.action()
          + " on " + resource + " is explicitly denied by the bucket policy");
    }
    if (granted) {
      return p;
    }
    if (owner) {
      return withGrant(p, bucket, Permission.ADMIN);
    }
    Permission level = needed == Permission.ADMIN ? Permission.WRITE : needed;
    if (pd == PolicyEvaluator.Decision.ALLOW && !(anon && policy != null
        && settings.block().restrictPublicBuckets() && PolicyEvaluator.isPublic(policy))) {
      return withGrant(p, bucket, level);
    }
    if (spec.acl() != null && !settings.aclsDisabled()
        && aclAllows(p, anon, spec, settings, v, key)) {
      return withGrant(p, bucket, level);
    }
    if (spec.aclOnObject() && key != null && findObject(v, key).isEmpty()) {
      // As S3 answers: a caller who may list the bucket learns that the key does not exist
      // (404); one who may not gets 403, which says nothing about the key.
      S3Actions.Spec list = S3Actions.of(Operation.LIST_OBJECTS, false);
      authorize(req, store, v, settings, bucket, null, list, Permission.READ, p, anon, false,
          false);
      throw Store.noSuchKey(key);
    }
    throw denied((anon ? "anonymous request" : "user '" + p.name() + "'") + ": " + spec.action()
        + " on " + resource + " (expected: a grant of " + needed.name().toLowerCase(Locale.ROOT)
        + " on the bucket, its ownership, or a bucket policy or ACL allowing it)");
  }

  private boolean aclAllows(Principal p, boolean anon, S3Actions.Spec spec, BucketAccess settings,
      Volume v, @Nullable String key) {
    AccessControlList acl;
    if (spec.aclOnObject()) {
      if (key == null) {
        return false;
      }
      Optional<Attributes> a = findObject(v, key);
      if (a.isEmpty()) {
        return false;
      }
      acl = acls.objectAcl(v, a.get());
    } else {
      acl = settings.acl();
    }
    if (acl == null) {
      return false;
    }
    boolean ignorePublic = settings.block().ignorePublicAcls();
    String uid = Integer.toUnsignedString(p.uid());
    AclPermission wanted = java.util.Objects.requireNonNull(spec.acl());
    for (AccessControlList.Grant g : acl.grants()) {
      AccessControlList.Grantee e = g.grantee();
      if (ignorePublic && e.isPublic()) {
        continue;
      }
      boolean matches = AccessControlList.ALL_USERS.equals(e.uri())
          || (!anon && AccessControlList.AUTHENTICATED_USERS.equals(e.uri()))
          || (!anon && uid.equals(e.id()));
      if (matches && g.permission().implies(wanted)) {
        return true;
      }
    }
    return false;
  }

  static Optional<Attributes> findObject(Volume v, String key) {
    try {
      return Store.tryFind(v, KeyPath.parse(key)).map(Store.Found::attributes);
    } catch (S3Exception | DfsException e) {
      return Optional.empty();
    }
  }

  /**
   * Decides {@code s3:GetObject} on a copy's source for the caller as it came (never with the
   * grant the destination gave: WRITE on a bucket must not read its private objects by copying
   * them), and adds the resulting grant on the source bucket to the destination's.
   */
  private Principal authorizeCopySource(OpRequest req, Store store, Principal caller,
      Principal effective, boolean anon) {
    String raw = req.header("x-amz-copy-source");
    if (raw == null) {
      return effective;
    }
    String s = raw.strip();
    int q = s.indexOf('?');
    String version = q >= 0 ? s.substring(q + 1) : null;
    s = q >= 0 ? s.substring(0, q) : s;
    try {
      s = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return effective; // the handler refuses the header
    }
    s = s.startsWith("/") ? s.substring(1) : s;
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      return effective;
    }
    String bucket = s.substring(0, slash);
    String key = s.substring(slash + 1);
    Volume v;
    try {
      v = store.bucket(bucket);
    } catch (S3Exception e) {
      return effective; // NoSuchBucket: the handler says so for the source
    }
    BucketAccess settings = BucketAccess.read(v);
    S3Actions.Spec spec = S3Actions.of(Operation.GET_OBJECT,
        version != null && !version.equals("versionId=null"));
    Principal source = authorize(req, store, v, settings, bucket, key, spec, Permission.READ,
        caller, anon, false, false);
    Permission given = source.volumes().get(bucket);
    return given == null || source == caller ? effective : withGrant(effective, bucket, given);
  }

  /** Adds a grant on one bucket, for this request only, keeping a higher one. */
  private static Principal withGrant(Principal p, String bucket, Permission level) {
    Map<String, Permission> grants = new TreeMap<>(p.volumes());
    Permission had = grants.get(bucket);
    if (had == null || !had.implies(level)) {
      grants.put(bucket, level);
    }
    return p.withVolumes(grants);
  }

  /** ListBuckets shows the buckets a user owns, also without a grant on them. */
  private static Principal withOwnedBuckets(Principal p, Store store) {
    if (p.admin()) {
      return p;
    }
    Principal out = p;
    for (VolumeInfo info : store.dfs().listVolumes()) {
      try {
        Volume v = store.dfs().volume(info.name());
        Optional<byte[]> owner = BucketAccess.get(v, v.root(), BucketAccess.OWNER);
        if (owner.isPresent() && new String(owner.get(), StandardCharsets.UTF_8)
            .equals(p.name())) {
          out = withGrant(out, info.name(), Permission.READ);
        }
      } catch (DfsException e) {
        // Removed meanwhile: not listed.
      }
    }
    return out;
  }

  // ---- CreateBucket: the per-user right, the owner, the ACL and ownership asked for ----

  private Reply createBucket(OpRequest req, Store store, Handler inner, Principal p,
      boolean anon, String bucket) throws Exception {
    if (anon) {
      throw denied("an anonymous request may not create buckets");
    }
    if (!p.admin() && !p.createBuckets()) {
      throw denied("user '" + p.name() + "' may not create buckets (expected: the right given"
          + " by the administrator, estuary user create-buckets " + p.name() + " allow)");
    }
    Principal effective = p;
    try {
      Volume existing = store.dfs().volume(bucket);
      String owner = BucketAccess.read(existing).owner();
      if (p.name().equals(owner)) {
        // CreateBucket answers BucketAlreadyOwnedByYou to the owner.
        effective = withGrant(p, bucket, Permission.ADMIN);
      }
    } catch (DfsException e) {
      // No such bucket yet: the usual case.
    }
    OwnershipControls.ObjectOwnership ownership = null;
    String ownershipHeader = req.header("x-amz-object-ownership");
    if (ownershipHeader != null) {
      try {
        ownership = OwnershipControls.ownership(ownershipHeader);
      } catch (S3Exception e) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-object-ownership: '"
            + ownershipHeader + "' (expected: BucketOwnerEnforced, BucketOwnerPreferred or"
            + " ObjectWriter)").withDetail("ArgumentName", "x-amz-object-ownership")
            .withDetail("ArgumentValue", ownershipHeader);
      }
    }
    AclRequests.Owner me = new AclRequests.Owner(Integer.toUnsignedString(p.uid()), p.name());
    AccessControlList acl = acls.fromHeaders(req, me, me, true).orElse(null);
    if (acl != null && ownership == OwnershipControls.ObjectOwnership.BucketOwnerEnforced
        && acl.grants().size() > 1) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP,
          "x-amz-acl or x-amz-grant-* with x-amz-object-ownership: BucketOwnerEnforced"
              + " (expected: no ACL, since BucketOwnerEnforced disables ACLs)");
    }
    Reply r = inner.handle(req.withPrincipal(effective), store);
    if (r.status() < 300 && effective == p) {
      Volume v = store.dfs().volume(bucket);
      BucketAccess.put(v, BucketAccess.OWNER, p.name().getBytes(StandardCharsets.UTF_8));
      if (acl != null) {
        BucketAccess.put(v, BucketAccess.ACL, acl.toBytes());
      }
      if (ownership != null) {
        BucketAccess.put(v, BucketAccess.OWNERSHIP,
            ownership.name().getBytes(StandardCharsets.UTF_8));
      }
    }
    return r;
  }

  // ---- Object ACLs asked for by writing operations ----

  /**
   * Checks the ACL a writing operation asks for and returns it, to be stored once the object
   * exists; for CompleteMultipartUpload, the one CreateMultipartUpload asked for.
   */
  private @Nullable AccessControlList objectAclToApply(OpRequest req, Store store, Volume v,
      BucketAccess settings, Principal writer, boolean anon) {
    Operation op = req.operation();
    if (op == Operation.COMPLETE_MULTIPART_UPLOAD) {
      String uploadId = req.param("uploadId");
      if (uploadId == null || req.key() == null) {
        return null;
      }
      try {
        ObjectId dir = Uploads.directory(v, uploadId, req.key());
        return BucketAccess.get(v, dir, BucketAccess.ACL).map(AccessControlList::decode)
            .orElse(null);
      } catch (S3Exception e) {
        return null; // NoSuchUpload: the handler says so
      } catch (DfsException e) {
        if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.STALE) {
          // Aborted between the lookup and the read of its ACL: NoSuchUpload, from the handler
          // (this escaped as NoSuchKey, which MultipartRaceTest caught once).
          return null;
        }
        throw e;
      }
    }
    if (op == Operation.POST_OBJECT && req.body() instanceof PostForm form) {
      // A browser form carries its canned ACL in the "acl" field (S3 API Reference, PostObject).
      String cannedField = form.field("acl");
      if (cannedField == null) {
        return null;
      }
      req = new OpRequest(req.requestId(), op, req.bucket(), req.key(), req.query(),
          req.headers().toBuilder().set("x-amz-acl", cannedField).build(), req.principal(),
          req.body(), req.clientAddress(), req.secureTransport());
    } else if (op != Operation.PUT_OBJECT && op != Operation.COPY_OBJECT
        && op != Operation.CREATE_MULTIPART_UPLOAD) {
      return null;
    }
    if (!AclRequests.hasHeaders(req)) {
      return null;
    }
    String canned = req.header("x-amz-acl");
    if (settings.aclsDisabled()) {
      if ("bucket-owner-full-control".equals(canned == null ? null : canned.strip())) {
        return null; // what BucketOwnerEnforced does anyway
      }
      throw new S3Exception(S3ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED, "bucket '"
          + req.bucket() + "' has ObjectOwnership BucketOwnerEnforced, which disables ACLs"
          + " (expected: no x-amz-acl or x-amz-grant-* header, or bucket-owner-full-control)");
    }
    AclRequests.Owner bucketOwner = settings.owner() == null ? null
        : acls.ownerOfName(settings.owner()).orElse(null);
    AclRequests.Owner owner = acls.ownerOfUid(writer.uid());
    if (settings.ownership() == OwnershipControls.ObjectOwnership.BucketOwnerPreferred
        && bucketOwner != null && "bucket-owner-full-control".equals(canned)) {
      owner = bucketOwner;
    }
    if (anon) {
      owner = new AclRequests.Owner(Integer.toUnsignedString(Anonymous.NOBODY), "anonymous");
    }
    AccessControlList acl = acls.fromHeaders(req, owner, bucketOwner, false).orElse(null);
    if (acl != null && acl.isPublic() && settings.block().blockPublicAcls()) {
      throw denied("bucket '" + req.bucket() + "' blocks public ACLs (BlockPublicAcls), and the"
          + " request asks for one");
    }
    return acl;
  }

  private void applyObjectAcl(OpRequest req, Volume v, AccessControlList acl, Reply r) {
    String key = req.requireKey();
    if (req.operation() == Operation.CREATE_MULTIPART_UPLOAD) {
      String uploadId = uploadIdOf(r);
      if (uploadId != null) {
        ObjectId dir = Uploads.directory(v, uploadId, key);
        v.setXattr(dir, BucketAccess.ACL, acl.toBytes(), XattrMode.UPSERT);
        v.syncNamespace();
      }
      return;
    }
    Optional<Attributes> a = findObject(v, key);
    if (a.isPresent()) {
      v.setXattr(a.get().id(), BucketAccess.ACL, acl.toBytes(), XattrMode.UPSERT);
      v.syncNamespace();
    }
  }

  private static @Nullable String uploadIdOf(Reply r) {
    try {
      return XmlTree.parse(r.body(), "InitiateMultipartUploadResult", 64 * 1024, 64)
          .optionalText("UploadId").orElse(null);
    } catch (S3Exception e) {
      return null;
    }
  }

  // ---- Condition keys ----

  private static Map<String, List<String>> keys(OpRequest req, java.time.Clock clock, Volume v,
      Principal p,
      boolean anon, @Nullable String key, String policyText) {
    Map<String, List<String>> k = new HashMap<>();
    if (req.clientAddress() != null) {
      k.put("aws:sourceip", List.of(req.clientAddress().getHostAddress()));
    }
    k.put("aws:securetransport", List.of(Boolean.toString(req.secureTransport())));
    java.time.Instant now = clock.instant();
    k.put("aws:currenttime", List.of(now.toString()));
    k.put("aws:epochtime", List.of(Long.toString(now.getEpochSecond())));
    k.put("aws:principaltype", List.of(anon ? "Anonymous" : "User"));
    if (anon) {
      k.put("aws:userid", List.of("anonymous"));
    } else {
      k.put("aws:username", List.of(p.name()));
      k.put("aws:userid", List.of(Integer.toUnsignedString(p.uid())));
      k.put("aws:principalarn", List.of("arn:aws:iam::000000000000:user/" + p.name()));
    }
    header(k, req, "referer", "aws:referer");
    header(k, req, "user-agent", "aws:useragent");
    for (String h : List.of("x-amz-acl", "x-amz-grant-read", "x-amz-grant-write",
        "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control",
        "x-amz-copy-source", "x-amz-metadata-directive", "x-amz-server-side-encryption",
        "x-amz-storage-class", "x-amz-content-sha256")) {
      header(k, req, h, "s3:" + h);
    }
    param(k, req, "prefix", "s3:prefix");
    param(k, req, "delimiter", "s3:delimiter");
    param(k, req, "max-keys", "s3:max-keys");
    param(k, req, "versionId", "s3:versionid");
    String tagging = req.header("x-amz-tagging");
    if (tagging != null) {
      try {
        Map<String, String> tags = Tagging.fromHeader(tagging);
        tags.forEach((tk, tv) -> k.put("s3:requestobjecttag/" + tk, List.of(tv)));
        k.put("s3:requestobjecttagkeys", new ArrayList<>(tags.keySet()));
      } catch (S3Exception e) {
        // The handler refuses the header.
      }
    }
    if (key != null && policyText.toLowerCase(Locale.ROOT).contains("existingobjecttag")) {
      findObject(v, key).ifPresent(a -> Store.meta(v, a).tags()
          .forEach((tk, tv) -> k.put("s3:existingobjecttag/" + tk, List.of(tv))));
    }
    return k;
  }

  private static void header(Map<String, List<String>> k, OpRequest req, String name,
      String key) {
    String v = req.header(name);
    if (v != null) {
      k.put(key, List.of(v));
    }
  }

  private static void param(Map<String, List<String>> k, OpRequest req, String name,
      String key) {
    String v = req.param(name);
    if (v != null) {
      k.put(key, List.of(v));
    }
  }

  /**
   * Returns AccessDenied with a reason (the reason is in the message; the code and status are
   * S3's).
   *
   * @param why the reason
   * @return the error
   */
  static S3Exception denied(String why) {
    return new S3Exception(S3ErrorCode.ACCESS_DENIED, "Access Denied (" + why + ")");
  }
}

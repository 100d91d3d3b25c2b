package dev.estuary.s3.internal.codec;

import dev.estuary.s3.internal.error.S3Exception;
import java.util.Locale;

/**
 * A bucket's {@code PublicAccessBlockConfiguration} (S3 User Guide, "Blocking public access to
 * your Amazon S3 storage"). An element left out is false.
 *
 * @param blockPublicAcls refuse requests that set a public ACL (AccessDenied)
 * @param ignorePublicAcls ignore public grants of existing ACLs when deciding access
 * @param blockPublicPolicy refuse PutBucketPolicy with a public policy (AccessDenied)
 * @param restrictPublicBuckets a public policy grants nothing to anonymous callers and to users
 *     that neither own the bucket nor hold an administrator's grant on it
 */
public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls,
    boolean blockPublicPolicy, boolean restrictPublicBuckets) {
  /** The largest body accepted. */
  public static final int MAX_BYTES = 4 * 1024;
  /** Nothing blocked: a bucket without a configuration. */
  public static final PublicAccessBlock NONE = new PublicAccessBlock(false, false, false, false);

  /**
   * Parses the document.
   *
   * @param body the body
   * @return the configuration
   * @throws S3Exception {@code MalformedXML}
   */
  public static PublicAccessBlock parse(byte[] body) {
    XmlTree root = XmlTree.parse(body, "PublicAccessBlockConfiguration", MAX_BYTES, 16);
    return new PublicAccessBlock(flag(root, "BlockPublicAcls"), flag(root, "IgnorePublicAcls"),
        flag(root, "BlockPublicPolicy"), flag(root, "RestrictPublicBuckets"));
  }

  private static boolean flag(XmlTree root, String name) {
    String v = root.optionalText(name).map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse("false");
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw XmlTree.malformed("<" + name + ">" + v + "</" + name + "> (expected: true"
          + " or false)");
    };
  }

  /**
   * Encodes the document.
   *
   * @return the XML
   */
  public String encode() {
    XmlDoc d = new XmlDoc("PublicAccessBlockConfiguration");
    d.el("BlockPublicAcls", blockPublicAcls).el("IgnorePublicAcls", ignorePublicAcls)
        .el("BlockPublicPolicy", blockPublicPolicy)
        .el("RestrictPublicBuckets", restrictPublicBuckets);
    return d.end("PublicAccessBlockConfiguration");
  }

  /**
   * Encodes the {@code PolicyStatus} document of GetBucketPolicyStatus.
   *
   * @param isPublic whether the bucket policy is public
   * @return the XML
   */
  public static String policyStatus(boolean isPublic) {
    XmlDoc d = new XmlDoc("PolicyStatus");
    d.el("IsPublic", isPublic);
    return d.end("PolicyStatus");
  }
}

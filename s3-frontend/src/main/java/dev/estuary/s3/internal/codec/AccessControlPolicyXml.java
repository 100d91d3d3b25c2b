package dev.estuary.s3.internal.codec;

/**
 * The GetBucketAcl and GetObjectAcl response ({@code AccessControlPolicy}): the owner with
 * FULL_CONTROL, which is what access looks like here (per-volume permissions decide the rest,
 * DESIGN §5, and S3 ACLs cannot express them).
 */
public final class AccessControlPolicyXml {
  private AccessControlPolicyXml() {}

  /**
   * Encodes the document.
   *
   * @param ownerId the owner id
   * @param ownerName the owner display name
   * @return the XML
   */
  public static String encode(String ownerId, String ownerName) {
    XmlDoc d = new XmlDoc("AccessControlPolicy");
    d.open("Owner").el("ID", ownerId).el("DisplayName", ownerName).close("Owner");
    d.open("AccessControlList").raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/"
        + "XMLSchema-instance\" xsi:type=\"CanonicalUser\">");
    d.el("ID", ownerId).el("DisplayName", ownerName).raw("</Grantee>")
        .el("Permission", "FULL_CONTROL").raw("</Grant>").close("AccessControlList");
    return d.end("AccessControlPolicy");
  }
}

package dev.estuary.s3.internal.codec;

import dev.estuary.s3.internal.error.S3Exception;
import java.util.List;

/**
 * A bucket's {@code OwnershipControls} (S3 API Reference, "PutBucketOwnershipControls"): who owns
 * the objects written into the bucket and whether ACLs count.
 *
 * @param objectOwnership the one rule's setting
 */
public record OwnershipControls(ObjectOwnership objectOwnership) {
  /** The largest body accepted. */
  public static final int MAX_BYTES = 4 * 1024;

  /** The {@code ObjectOwnership} values. */
  public enum ObjectOwnership {
    /** ACLs are disabled; the bucket owner owns every object (AccessControlListNotSupported). */
    BucketOwnerEnforced,
    /** Objects written with {@code bucket-owner-full-control} become the bucket owner's. */
    BucketOwnerPreferred,
    /** The writer owns the object; ACLs count (what a bucket without controls does here). */
    ObjectWriter
  }

  /**
   * Parses the document.
   *
   * @param body the body
   * @return the controls
   * @throws S3Exception {@code MalformedXML}
   */
  public static OwnershipControls parse(byte[] body) {
    XmlTree root = XmlTree.parse(body, "OwnershipControls", MAX_BYTES, 16);
    List<XmlTree> rules = root.all("Rule");
    if (rules.size() != 1) {
      throw XmlTree.malformed("<OwnershipControls> has " + rules.size() + " <Rule> (expected:"
          + " exactly one)");
    }
    return new OwnershipControls(ownership(rules.getFirst().requiredText("ObjectOwnership")));
  }

  /**
   * Parses an {@code ObjectOwnership} value (also the {@code x-amz-object-ownership} header).
   *
   * @param text the value
   * @return the setting
   * @throws S3Exception {@code MalformedXML} naming the value
   */
  public static ObjectOwnership ownership(String text) {
    for (ObjectOwnership o : ObjectOwnership.values()) {
      if (o.name().equals(text.strip())) {
        return o;
      }
    }
    throw XmlTree.malformed("ObjectOwnership: '" + text + "' (expected: BucketOwnerEnforced,"
        + " BucketOwnerPreferred or ObjectWriter)");
  }

  /**
   * Encodes the document.
   *
   * @return the XML
   */
  public String encode() {
    XmlDoc d = new XmlDoc("OwnershipControls");
    d.open("Rule").el("ObjectOwnership", objectOwnership.name()).close("Rule");
    return d.end("OwnershipControls");
  }
}

package dev.estuary.s3.internal.codec;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A bucket's default encryption ({@code ServerSideEncryptionConfiguration}, S3 API Reference,
 * PutBucketEncryption): one {@code Rule} whose {@code ApplyServerSideEncryptionByDefault} names
 * {@code SSEAlgorithm} {@code AES256} (SSE-S3), with an optional {@code BucketKeyEnabled}. {@code
 * aws:kms} and {@code aws:kms:dsse} are refused: there is no KMS here.
 *
 * @param bucketKeyEnabled the {@code BucketKeyEnabled} given (S3 Bucket Keys only concern
 *     SSE-KMS; it is stored and returned, and changes nothing for SSE-S3)
 */
public record BucketEncryptionXml(boolean bucketKeyEnabled) {
  /** The largest configuration accepted. */
  public static final int MAX_BYTES = 16 * 1024;

  /**
   * Parses and checks a configuration.
   *
   * @param body the request body
   * @return the configuration
   * @throws S3Exception {@code MalformedXML}, or {@code InvalidArgument} for an algorithm other
   *     than AES256
   */
  public static BucketEncryptionXml parse(byte[] body) {
    XmlTree root = XmlTree.parse(body, "ServerSideEncryptionConfiguration", MAX_BYTES, 64);
    List<XmlTree> rules = root.all("Rule");
    if (rules.size() != 1) {
      throw XmlTree.malformed("<ServerSideEncryptionConfiguration> has " + rules.size()
          + " <Rule> elements (expected: exactly one)");
    }
    XmlTree rule = rules.getFirst();
    XmlTree apply = rule.optional("ApplyServerSideEncryptionByDefault").orElseThrow(() ->
        XmlTree.malformed("<Rule> lacks <ApplyServerSideEncryptionByDefault>"));
    String alg = apply.requiredText("SSEAlgorithm").strip();
    if (alg.toLowerCase(Locale.ROOT).startsWith("aws:kms")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "SSEAlgorithm: '" + alg
          + "' (expected: AES256; SSE-KMS is not available, this gateway has no KMS)")
          .withDetail("ArgumentName", "SSEAlgorithm").withDetail("ArgumentValue", alg);
    }
    if (!alg.equals("AES256")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "SSEAlgorithm: '" + alg
          + "' (expected: AES256)").withDetail("ArgumentName", "SSEAlgorithm")
          .withDetail("ArgumentValue", alg);
    }
    if (apply.optional("KMSMasterKeyID").isPresent()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "KMSMasterKeyID given with AES256"
          + " (expected: none; it applies to aws:kms only)")
          .withDetail("ArgumentName", "KMSMasterKeyID");
    }
    String bke = rule.optionalText("BucketKeyEnabled").map(String::strip).orElse("false");
    if (!bke.equals("true") && !bke.equals("false")) {
      throw XmlTree.malformed("<BucketKeyEnabled>" + bke + "</BucketKeyEnabled> (expected: true"
          + " or false)");
    }
    return new BucketEncryptionXml(bke.equals("true"));
  }

  /**
   * Encodes the configuration as GetBucketEncryption answers it.
   *
   * @return the document
   */
  public String encode() {
    return new XmlDoc("ServerSideEncryptionConfiguration").open("Rule")
        .open("ApplyServerSideEncryptionByDefault").el("SSEAlgorithm", "AES256")
        .close("ApplyServerSideEncryptionByDefault").el("BucketKeyEnabled", bucketKeyEnabled)
        .close("Rule").end("ServerSideEncryptionConfiguration");
  }

  /**
   * The stored form (on the bucket's root, {@code estuary.s3.bucket-encryption}).
   *
   * @return {@code AES256} or {@code AES256 bucket-key}
   */
  public byte[] stored() {
    return (bucketKeyEnabled ? "AES256 bucket-key" : "AES256").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads the stored form.
   *
   * @param b what {@link #stored} wrote
   * @return the configuration
   */
  public static BucketEncryptionXml fromStored(byte[] b) {
    return new BucketEncryptionXml(new String(b, StandardCharsets.US_ASCII).endsWith("bucket-key"));
  }
}

package dev.estuary.s3.internal.codec;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code VersioningConfiguration} document of PutBucketVersioning and GetBucketVersioning (S3
 * API Reference): {@code <Status>Enabled|Suspended</Status>} and optionally {@code
 * <MfaDelete>Enabled|Disabled</MfaDelete>}. A bucket that never had versioning answers an empty
 * document.
 *
 * @param status {@code Enabled} or {@code Suspended}
 */
public record VersioningConfigurationXml(String status) {
  /** The largest body accepted. */
  public static final int MAX_BYTES = 16 * 1024;

  /**
   * Parses a PutBucketVersioning body.
   *
   * @param body the body
   * @return the configuration
   * @throws S3Exception {@code MalformedXML}; {@code IllegalVersioningConfigurationException} for a
   *     status other than Enabled or Suspended; {@code NotImplemented} for MFA delete enabled
   */
  public static VersioningConfigurationXml parse(byte[] body) {
    XmlTree root = XmlTree.parse(body, "VersioningConfiguration", MAX_BYTES, 16);
    Optional<String> mfa = root.optionalText("MfaDelete").map(String::strip);
    if (mfa.isPresent() && !mfa.get().equals("Disabled")) {
      if (mfa.get().equals("Enabled")) {
        // MFA delete needs the x-amz-mfa header checked against a device this server has no
        // notion of: refused rather than stored and ignored.
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "MfaDelete: 'Enabled' (expected:"
            + " Disabled or absent; this server has no MFA devices, so MFA delete is not"
            + " offered)");
      }
      throw new S3Exception(S3ErrorCode.ILLEGAL_VERSIONING_CONFIGURATION, "MfaDelete: '"
          + mfa.get() + "' (expected: Enabled or Disabled)");
    }
    String status = root.optionalText("Status").map(String::strip).orElse("");
    if (!status.equals("Enabled") && !status.equals("Suspended")) {
      throw new S3Exception(S3ErrorCode.ILLEGAL_VERSIONING_CONFIGURATION, "Status: '" + status
          + "' (expected: Enabled or Suspended)");
    }
    return new VersioningConfigurationXml(status);
  }

  /**
   * Encodes the GetBucketVersioning answer.
   *
   * @param status {@code Enabled} or {@code Suspended}, or null for a bucket that never had
   *     versioning (an empty document, as S3 sends)
   * @return the XML
   */
  public static String encode(@Nullable String status) {
    if (status == null) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration xmlns=\""
          + XmlDoc.NS + "\"/>";
    }
    return new XmlDoc("VersioningConfiguration").el("Status", status)
        .end("VersioningConfiguration");
  }
}

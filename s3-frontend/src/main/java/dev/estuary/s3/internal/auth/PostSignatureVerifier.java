package dev.estuary.s3.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.S3Identity;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the signature of a POST Object form: the signed string is the base64 {@code policy}
 * field exactly as sent. SigV4 form (S3 API Reference, "Authenticating Requests in Browser-Based
 * Uploads Using POST (AWS Signature Version 4)"): {@code x-amz-algorithm = AWS4-HMAC-SHA256},
 * {@code x-amz-credential = AKID/yyyyMMdd/region/s3/aws4_request}, {@code x-amz-date}, {@code
 * x-amz-signature} = hex HMAC-SHA256 with the derived signing key. SigV2 form (the legacy "Browser
 * Uploads Using POST"): {@code AWSAccessKeyId} and {@code signature} = base64 HMAC-SHA1 with the
 * secret key. The policy's expiration and conditions are the handler's to check; the request time
 * is not checked against the clock (the policy's expiration bounds its life).
 */
public final class PostSignatureVerifier {
  /** The fields that carry the signature: no policy condition needs to name them. */
  public static final Set<String> SIGNATURE_FIELDS =
      Set.of("policy", "signature", "awsaccesskeyid", "x-amz-signature", "file");

  private final Function<String, Optional<S3Identity>> credentials;
  private final @Nullable String region;

  /**
   * @param credentials looks up an access key id
   * @param region the region a SigV4 credential must name, or null for any
   */
  public PostSignatureVerifier(Function<String, Optional<S3Identity>> credentials,
      @Nullable String region) {
    this.credentials = requireNonNull(credentials, "credentials");
    this.region = region;
  }

  /**
   * Verifies the form's signature.
   *
   * @param fields the form fields before the file, by lower-case name
   * @return the signer, or empty when the form carries neither a policy nor a signature (an
   *     anonymous upload)
   * @throws S3Exception InvalidArgument for a missing field, InvalidAccessKeyId,
   *     SignatureDoesNotMatch
   */
  public Optional<S3Identity> verify(Map<String, String> fields) {
    String policy = fields.get("policy");
    boolean v4 = fields.containsKey("x-amz-algorithm") || fields.containsKey("x-amz-signature")
        || fields.containsKey("x-amz-credential");
    boolean v2 = fields.containsKey("awsaccesskeyid") || fields.containsKey("signature");
    if (v4 && v2) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception("Only one auth mechanism allowed; the form has"
          + " both x-amz-signature (Signature Version 4) and AWSAccessKeyId/signature (Version 2)"
          + " fields").withDetail("ArgumentName", "x-amz-algorithm");
    }
    if (!v4 && !v2) {
      if (policy != null) {
        throw missing(fields.containsKey("x-amz-date") ? "x-amz-signature" : "AWSAccessKeyId");
      }
      return Optional.empty();
    }
    if (policy == null) {
      throw missing("policy");
    }
    return Optional.of(v4 ? verifyV4(fields, policy) : verifyV2(fields, policy));
  }

  private S3Identity verifyV2(Map<String, String> f, String policy) {
    String accessKeyId = require(f, "awsaccesskeyid", "AWSAccessKeyId");
    String signature = require(f, "signature", "Signature");
    S3Identity identity = lookup(accessKeyId);
    String expected = SigV2.sign(identity.secretKey().reveal(), policy);
    if (!SigV2.signaturesEqual(expected, signature.strip())) {
      throw mismatch(accessKeyId, policy, signature);
    }
    return identity;
  }

  private S3Identity verifyV4(Map<String, String> f, String policy) {
    String algorithm = require(f, "x-amz-algorithm", "x-amz-algorithm");
    if (!SigV4.ALGORITHM.equals(algorithm)) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-algorithm: '" + algorithm
          + "' (expected: AWS4-HMAC-SHA256)").withDetail("ArgumentName", "x-amz-algorithm")
          .withDetail("ArgumentValue", algorithm);
    }
    Credential c = Credential.parse(require(f, "x-amz-credential", "x-amz-credential"),
        S3ErrorCode.INVALID_ARGUMENT);
    String date = require(f, "x-amz-date", "x-amz-date");
    SigV4Authenticator.parseAmzDate(date, S3ErrorCode.INVALID_ARGUMENT, "x-amz-date");
    String signature = require(f, "x-amz-signature", "x-amz-signature");
    if (!date.startsWith(c.date())) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-credential date '" + c.date()
          + "' is not the date of x-amz-date '" + date + "'")
          .withDetail("ArgumentName", "x-amz-credential");
    }
    if (region != null && !region.equals(c.region())) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-credential region '" + c.region()
          + "' (expected: '" + region + "')").withDetail("ArgumentName", "x-amz-credential");
    }
    if (!c.service().equals("s3")) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-credential service '" + c.service()
          + "' (expected: 's3')").withDetail("ArgumentName", "x-amz-credential");
    }
    S3Identity identity = lookup(c.accessKeyId());
    byte[] key = SigV4.signingKey(identity.secretKey().reveal(), c.date(), c.region(),
        c.service());
    String expected = SigV4.hex(SigV4.hmac(key, policy));
    if (!SigV4.signaturesEqual(expected, signature.strip().toLowerCase(Locale.ROOT))) {
      throw mismatch(c.accessKeyId(), policy, signature);
    }
    return identity;
  }

  private static String require(Map<String, String> f, String lower, String shown) {
    String v = f.get(lower);
    if (v == null || v.isEmpty()) {
      throw missing(shown);
    }
    return v;
  }

  private static S3Exception missing(String field) {
    return S3ErrorCode.INVALID_ARGUMENT.exception("Bucket POST must contain a field named '"
        + field + "'.  If it is specified, please check the order of the fields.")
        .withDetail("ArgumentName", field).withDetail("ArgumentValue", "");
  }

  private static S3Exception mismatch(String accessKeyId, String policy, String provided) {
    return S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception()
        .withDetail("AWSAccessKeyId", accessKeyId)
        .withDetail("StringToSign", policy)
        .withDetail("SignatureProvided", provided);
  }

  private S3Identity lookup(String accessKeyId) {
    return credentials.apply(accessKeyId).orElseThrow(() ->
        S3ErrorCode.INVALID_ACCESS_KEY_ID.exception().withDetail("AWSAccessKeyId", accessKeyId));
  }
}

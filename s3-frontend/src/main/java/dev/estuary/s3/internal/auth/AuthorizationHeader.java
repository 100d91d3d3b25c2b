package dev.estuary.s3.internal.auth;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of {@code Authorization: AWS4-HMAC-SHA256 Credential=.../aws4_request,
 * SignedHeaders=host;x-amz-date, Signature=hex} (the part after the algorithm).
 *
 * @param credential the parsed credential
 * @param signedHeaders the lower-case signed header names, in the order given
 * @param signature the hex signature
 */
record AuthorizationHeader(Credential credential, List<String> signedHeaders, String signature) {
  String accessKeyId() {
    return credential.accessKeyId();
  }

  String date() {
    return credential.date();
  }

  String region() {
    return credential.region();
  }

  String service() {
    return credential.service();
  }

  static AuthorizationHeader parse(String params) {
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : params.split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw malformed("'" + p + "' is not key=value");
      }
      String k = p.substring(0, eq).strip();
      String v = p.substring(eq + 1).strip();
      switch (k) {
        case "Credential" -> credential = v;
        case "SignedHeaders" -> signedHeaders = v;
        case "Signature" -> signature = v;
        default -> throw malformed("unknown parameter '" + k + "'");
      }
    }
    if (credential == null || signedHeaders == null || signature == null) {
      throw malformed("expecting Credential, SignedHeaders and Signature");
    }
    if (signedHeaders.isEmpty()) {
      throw malformed("SignedHeaders is empty");
    }
    return new AuthorizationHeader(
        Credential.parse(credential, S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED),
        Arrays.asList(signedHeaders.toLowerCase(Locale.ROOT).split(";", -1)),
        signature);
  }

  private static S3Exception malformed(String why) {
    return S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED.exception(
        "The authorization header is malformed; " + why + ".");
  }
}

package dev.estuary.s3.internal.auth;

import dev.estuary.s3.internal.error.S3ErrorCode;

/**
 * A SigV4 credential {@code AKID/yyyyMMdd/region/service/aws4_request}.
 *
 * @param accessKeyId the access key id (may itself not contain '/')
 * @param date the scope date, yyyyMMdd
 * @param region the scope region
 * @param service the scope service
 */
record Credential(String accessKeyId, String date, String region, String service) {
  static Credential parse(String s, S3ErrorCode code) {
    String[] p = s.split("/", -1);
    if (p.length != 5 || p[0].isEmpty() || !p[1].matches("\\d{8}") || p[2].isEmpty() || p[3].isEmpty()
        || !p[4].equals("aws4_request")) {
      throw code.exception("The authorization header is malformed; the Credential is mal-formed; expecting "
          + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\" (got: '" + s + "').");
    }
    return new Credential(p[0], p[1], p[2], p[3]);
  }
}

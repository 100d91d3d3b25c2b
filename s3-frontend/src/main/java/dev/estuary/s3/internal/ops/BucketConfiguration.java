package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The region check of a CreateBucket body. */
final class BucketConfiguration {
  private static final Pattern LOCATION =
      Pattern.compile("<LocationConstraint>\\s*([^<]*?)\\s*</LocationConstraint>");

  private BucketConfiguration() {}

  static void checkRegion(byte[] body, String region) {
    if (body.length == 0) {
      return;
    }
    String xml = new String(body, StandardCharsets.UTF_8);
    if (!xml.contains("CreateBucketConfiguration")) {
      throw new S3Exception(S3ErrorCode.MALFORMED_XML,
          "CreateBucket body: not a CreateBucketConfiguration document");
    }
    Matcher m = LOCATION.matcher(xml);
    if (m.find()) {
      String want = m.group(1);
      if (!want.isEmpty() && !want.equals(region)) {
        throw new S3Exception(S3ErrorCode.ILLEGAL_LOCATION_CONSTRAINT, "LocationConstraint: '"
            + want + "' (expected: '" + region + "', this endpoint's region)");
      }
    }
  }
}

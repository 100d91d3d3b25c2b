package dev.estuary.s3.internal.auth;

import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import dev.estuary.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worked examples of the S3 API Reference, "Authenticating Requests (AWS Signature Version 4)":
 * access key AKIAIOSFODNN7EXAMPLE, bucket examplebucket, 2013-05-24T00:00:00Z, us-east-1.
 */
final class AwsExamples {
  static final String AKID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String AMZ_DATE = "20130524T000000Z";
  static final Instant TIME = Instant.parse("2013-05-24T00:00:00Z");
  static final Principal PRINCIPAL = new Principal("example", 1000, 1000, false, Map.of());

  static final String CHUNKED_SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  static final List<String> CHUNKED_SIGNATURES = List.of(
      "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
      "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
      "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
  static final String TRAILER_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
  static final List<String> TRAILER_CHUNK_SIGNATURES = List.of(
      "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
      "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
      "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");
  static final String TRAILER_SIGNATURE = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

  private AwsExamples() {}

  static Optional<S3Identity> lookup(String akid) {
    return akid.equals(AKID) ? Optional.of(new S3Identity(PRINCIPAL, new Secret(SECRET))) : Optional.empty();
  }

  static SigV4Authenticator authenticator(Instant now) {
    return new SigV4Authenticator(AwsExamples::lookup, Clock.fixed(now, ZoneOffset.UTC),
        SigV4Authenticator.Config.defaults());
  }

  static String authorization(String signedHeaders, String signature) {
    return "AWS4-HMAC-SHA256 Credential=" + AKID + "/20130524/us-east-1/s3/aws4_request,SignedHeaders="
        + signedHeaders + ",Signature=" + signature;
  }

  /** The chunked-upload example: PUT /examplebucket/chunkObject.txt, 66560 bytes of 'a' in 64 KiB chunks. */
  static SigV4Request chunkedRequest() {
    return new SigV4Request("PUT", "/examplebucket/chunkObject.txt", "", Map.of(
        "host", List.of("s3.amazonaws.com"),
        "x-amz-date", List.of(AMZ_DATE),
        "x-amz-storage-class", List.of("REDUCED_REDUNDANCY"),
        "authorization", List.of(authorization(
            "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class",
            CHUNKED_SEED)),
        "x-amz-content-sha256", List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        "content-encoding", List.of("aws-chunked"),
        "x-amz-decoded-content-length", List.of("66560"),
        "content-length", List.of("66824")));
  }

  static byte[] chunkedBody() {
    return (chunk(65536, CHUNKED_SIGNATURES.get(0)) + chunk(1024, CHUNKED_SIGNATURES.get(1))
        + "0;chunk-signature=" + CHUNKED_SIGNATURES.get(2) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The trailer example: the same upload with a signed x-amz-checksum-crc32c trailer. */
  static SigV4Request trailerRequest() {
    return new SigV4Request("PUT", "/examplebucket/chunkObject.txt", "", Map.of(
        "host", List.of("s3.amazonaws.com"),
        "x-amz-date", List.of(AMZ_DATE),
        "x-amz-storage-class", List.of("REDUCED_REDUNDANCY"),
        "authorization", List.of(authorization(
            "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer",
            TRAILER_SEED)),
        "x-amz-content-sha256", List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
        "content-encoding", List.of("aws-chunked"),
        "x-amz-trailer", List.of("x-amz-checksum-crc32c"),
        "x-amz-decoded-content-length", List.of("66560")));
  }

  static byte[] trailerBody() {
    return (chunk(65536, TRAILER_CHUNK_SIGNATURES.get(0)) + chunk(1024, TRAILER_CHUNK_SIGNATURES.get(1))
        + "0;chunk-signature=" + TRAILER_CHUNK_SIGNATURES.get(2) + "\r\n"
        + "x-amz-checksum-crc32c:sOO8/Q==\r\n"
        + "x-amz-trailer-signature:" + TRAILER_SIGNATURE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static String chunk(int size, String signature) {
    return Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n" + "a".repeat(size) + "\r\n";
  }
}

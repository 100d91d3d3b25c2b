package dev.estuary.s3.internal.checksum;

import static java.util.Objects.requireNonNull;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checksum a client asked the server to verify on an upload, read from
 * {@code x-amz-sdk-checksum-algorithm}, the {@code x-amz-checksum-*} headers, {@code x-amz-trailer}
 * and {@code Content-MD5} (S3 API Reference, PutObject / UploadPart request headers).
 *
 * @param algorithm the x-amz-checksum algorithm, if any
 * @param expected the value from the header, raw; empty when it comes in the trailer (or none)
 * @param inTrailer whether the value comes in the aws-chunked trailer
 * @param contentMd5 the raw Content-MD5, if sent; verified in addition
 */
public record RequestedChecksum(
    Optional<ChecksumAlgorithm> algorithm, Optional<byte[]> expected, boolean inTrailer, Optional<byte[]> contentMd5) {
  /** Checks nullness. */
  public RequestedChecksum {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(expected, "expected");
    requireNonNull(contentMd5, "contentMd5");
  }

  /**
   * Reads the request's checksum headers, with S3's rules: at most one x-amz-checksum-* header;
   * not both a header and a trailer; an {@code x-amz-sdk-checksum-algorithm} needs a matching
   * header or trailer.
   *
   * @param header the first value of a lower-case header name
   * @param trailerNames the lower-case names declared in {@code x-amz-trailer}
   * @throws dev.estuary.s3.internal.error.S3Exception InvalidRequest / InvalidDigest as S3 answers
   */
  public static RequestedChecksum parse(Function<String, Optional<String>> header, List<String> trailerNames) {
    ChecksumAlgorithm inHeader = null;
    byte[] value = null;
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      if (!a.isS3Checksum()) {
        continue;
      }
      Optional<String> v = header.apply(a.headerName());
      if (v.isPresent()) {
        if (inHeader != null) {
          throw S3ErrorCode.INVALID_REQUEST.exception(
              "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        inHeader = a;
        value = Checksums.decode(a, v.get());
      }
    }
    ChecksumAlgorithm inTrailer = null;
    for (String t : trailerNames) {
      Optional<ChecksumAlgorithm> a = ChecksumAlgorithm.fromHeaderName(t);
      if (a.isPresent()) {
        if (inTrailer != null || inHeader != null) {
          throw S3ErrorCode.INVALID_REQUEST.exception(
              "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        inTrailer = a.get();
      }
    }
    Optional<String> sdk = header.apply("x-amz-sdk-checksum-algorithm");
    ChecksumAlgorithm chosen = inHeader != null ? inHeader : inTrailer;
    if (sdk.isPresent()) {
      ChecksumAlgorithm declared = ChecksumAlgorithm.fromWireName(sdk.get());
      if (chosen == null) {
        throw S3ErrorCode.INVALID_REQUEST.exception("x-amz-sdk-checksum-algorithm specified, but no corresponding "
            + "x-amz-checksum-* or x-amz-trailer headers were found.");
      }
      if (declared != chosen) {
        throw S3ErrorCode.INVALID_REQUEST.exception("Value for x-amz-sdk-checksum-algorithm header is invalid: '"
            + sdk.get() + "' (the checksum sent is " + chosen.wireName() + ").");
      }
    }
    Optional<byte[]> md5 = header.apply("content-md5").map(v -> Checksums.decode(ChecksumAlgorithm.MD5, v));
    return new RequestedChecksum(Optional.ofNullable(chosen), Optional.ofNullable(value), inTrailer != null, md5);
  }
}

package dev.estuary.s3.internal.auth;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/**
 * How the request body is protected, from {@code x-amz-content-sha256} (S3 API Reference,
 * "Authenticating Requests (AWS Signature Version 4)" → "Signature Calculations for the
 * Authorization Header: Transferring Payload in a Single Chunk / in Multiple Chunks").
 */
public enum PayloadMode {
  /** {@code UNSIGNED-PAYLOAD}: the body is not covered by the signature. */
  UNSIGNED_PAYLOAD("UNSIGNED-PAYLOAD"),
  /** A lower-case hex SHA-256 of the whole body; the server must check it. */
  SIGNED(null),
  /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}: aws-chunked with a signature per chunk. */
  STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
  /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: signed chunks plus a signed trailer. */
  STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
  /** {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: aws-chunked, unsigned, with a trailer. */
  STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

  private final String headerValue;

  PayloadMode(String headerValue) {
    this.headerValue = headerValue;
  }

  /** The {@code x-amz-content-sha256} value; for {@link #SIGNED} the hash itself is sent. */
  public String headerValue() {
    if (headerValue == null) {
      throw new IllegalStateException("SIGNED carries the payload hash, not a fixed value");
    }
    return headerValue;
  }

  /** Whether the body is aws-chunked encoded. */
  public boolean isStreaming() {
    return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
  }

  /** Whether each chunk carries a signature to verify. */
  public boolean hasChunkSignatures() {
    return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
  }

  /** Whether the aws-chunked body ends with trailer header fields. */
  public boolean hasTrailer() {
    return this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
  }

  /**
   * Parses an {@code x-amz-content-sha256} value.
   *
   * @throws S3Exception InvalidArgument for anything but the four fixed values or 64 lower-case hex digits
   */
  public static PayloadMode parse(String value) {
    for (PayloadMode m : values()) {
      if (m.headerValue != null && m.headerValue.equals(value)) {
        return m;
      }
    }
    if (isSha256Hex(value)) {
      return SIGNED;
    }
    throw S3ErrorCode.INVALID_ARGUMENT
        .exception("x-amz-content-sha256: '" + value + "' (expected: a hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING-* value)")
        .withDetail("ArgumentName", "x-amz-content-sha256")
        .withDetail("ArgumentValue", value);
  }

  static boolean isSha256Hex(String v) {
    if (v.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }
}

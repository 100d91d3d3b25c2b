package dev.estuary.bench.s3.internal;

import dev.estuary.s3.internal.auth.SigV4;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One server under test as the load generator addresses it: loopback host and port, a bucket
 * (path style), and SigV4 credentials. Requests are signed with {@code UNSIGNED-PAYLOAD}, so no
 * side spends CPU on hashing bodies (the AWS CLI and SDKs do the same over HTTPS); nginx ignores
 * the signature headers. Thread-safe.
 *
 * <p>The signing key is cached per day, as a real client does.
 */
public final class Endpoint {
  private static final DateTimeFormatter AMZ =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private record DayKey(String date, byte[] key) {}

  private final String name;
  private final int port;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;
  private final Clock clock;
  private volatile DayKey dayKey = new DayKey("", new byte[0]);

  /**
   * @param name the label printed in results
   * @param port the TCP port on 127.0.0.1
   * @param bucket the bucket (for nginx: the directory) holding the objects
   */
  public Endpoint(String name, int port, String bucket, String accessKey, String secretKey, Clock clock) {
    this.name = name;
    this.port = port;
    this.bucket = bucket;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.clock = clock;
  }

  /** The label printed in results. */
  public String name() {
    return name;
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The host header value. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** A new connection to this server. */
  public HttpConnection connect() {
    return new HttpConnection("127.0.0.1", port);
  }

  /** The path of {@code key} in the bucket (keys here are plain ASCII and need no encoding). */
  public String path(String key) {
    return key.isEmpty() ? "/" + bucket : "/" + bucket + "/" + key;
  }

  /**
   * The signed request line and headers (each ending CRLF, without the blank line).
   *
   * @param rawQuery the already encoded query, or empty
   */
  public String head(String method, String path, String rawQuery) {
    String amzDate = AMZ.format(clock.instant());
    String date = amzDate.substring(0, 8);
    String payload = "UNSIGNED-PAYLOAD";
    String canonicalHeaders = "host:" + host() + "\nx-amz-content-sha256:" + payload + "\nx-amz-date:" + amzDate + "\n";
    String signed = "host;x-amz-content-sha256;x-amz-date";
    String canonical = SigV4.canonicalRequest(method, SigV4.canonicalUri(path), SigV4.canonicalQuery(rawQuery, null),
        canonicalHeaders, signed, payload);
    String scope = SigV4.scope(date, "us-east-1", "s3");
    DayKey k = dayKey;
    if (!k.date().equals(date)) {
      k = new DayKey(date, SigV4.signingKey(secretKey, date, "us-east-1", "s3"));
      dayKey = k;
    }
    String signature = SigV4.hex(SigV4.hmac(k.key(), SigV4.stringToSign(amzDate, scope, canonical)));
    return method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " HTTP/1.1\r\n"
        + "Host: " + host() + "\r\n"
        + "x-amz-date: " + amzDate + "\r\n"
        + "x-amz-content-sha256: " + payload + "\r\n"
        + "Authorization: AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signed
        + ", Signature=" + signature + "\r\n";
  }
}

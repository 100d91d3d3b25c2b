package dev.estuary.s3.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.S3Identity;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Verifies AWS Signature Version 2 on S3 requests: the {@code Authorization: AWS AKID:signature}
 * header and the presigned query form ({@code AWSAccessKeyId}, {@code Expires}, {@code
 * Signature}), as the legacy S3 guide "Signing and Authenticating REST Requests" defines them and
 * as boto3 ({@code signature_version='s3'}), the aws CLI v1 ({@code aws s3 presign}) and s3cmd
 * ({@code signature_v2 = True}) sign. The result is the same {@link Authentication} SigV4 yields
 * (the access key's principal), so nothing after authentication depends on the signature version.
 *
 * <p>SigV2 has no payload hash: the body is unsigned ({@link PayloadMode#UNSIGNED_PAYLOAD}) and a
 * {@code Content-MD5}, which the signature covers, is checked when the body is read, as for any
 * request. An {@code x-amz-content-sha256} holding a hash is checked too; the SigV4 streaming
 * forms need SigV4 chunk signatures and are refused. Thread-safe.
 */
public final class SigV2Authenticator {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String PREFIX = "AWS ";

  private final Function<String, Optional<S3Identity>> credentials;
  private final Clock clock;
  private final Duration maxSkew;

  /**
   * @param credentials looks up an access key id
   * @param clock the time source for skew and expiry checks
   * @param maxSkew how far a header-signed request's date may be from the clock (S3: 15 minutes)
   */
  public SigV2Authenticator(Function<String, Optional<S3Identity>> credentials, Clock clock,
      Duration maxSkew) {
    this.credentials = requireNonNull(credentials, "credentials");
    this.clock = requireNonNull(clock, "clock");
    this.maxSkew = requireNonNull(maxSkew, "maxSkew");
  }

  /**
   * Whether the request is signed with SigV2: an {@code Authorization} header {@code AWS ...}, or,
   * without one, the presign parameters {@code AWSAccessKeyId} or {@code Signature} and no SigV4
   * {@code X-Amz-Algorithm}. Anything else is for the SigV4 authenticator, which also refuses the
   * mixtures it can see.
   */
  public static boolean isSigV2(SigV4Request r) {
    Optional<String> authorization = r.header("authorization").filter(a -> !a.isBlank());
    if (authorization.isPresent()) {
      return authorization.get().strip().startsWith(PREFIX);
    }
    Map<String, String> q = SigV4.queryParams(r.rawQuery());
    return (q.containsKey("AWSAccessKeyId") || q.containsKey("Signature"))
        && !q.containsKey("X-Amz-Algorithm");
  }

  /**
   * Verifies a request {@link #isSigV2} accepted.
   *
   * @param r the request as received
   * @param virtualHostBucket the bucket named by the Host header (virtual-host addressing), which
   *     the canonical resource starts with; null for path-style requests
   * @return who signed it; the body is unsigned
   * @throws S3Exception AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch,
   *     RequestTimeTooSkewed, InvalidArgument as S3 answers them
   */
  public Authentication authenticate(SigV4Request r, @Nullable String virtualHostBucket) {
    for (String single : List.of("authorization", "date", "x-amz-date", "content-md5", "content-type")) {
      List<String> values = r.headerValues(single);
      if (values.size() > 1) {
        throw S3ErrorCode.INVALID_ARGUMENT.exception(
            single + ": " + values.size() + " headers (expected: at most one)")
            .withDetail("ArgumentName", single)
            .withDetail("ArgumentValue", String.join(", ", values));
      }
    }
    Map<String, String> q = SigV4.queryParams(r.rawQuery());
    Optional<String> authorization = r.header("authorization").filter(a -> !a.isBlank());
    if (authorization.isPresent()) {
      if (q.containsKey("Signature") || q.containsKey("AWSAccessKeyId")
          || q.containsKey("X-Amz-Algorithm") || q.containsKey("X-Amz-Signature")) {
        throw S3ErrorCode.INVALID_ARGUMENT.exception(
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
            .withDetail("ArgumentName", "Authorization")
            .withDetail("ArgumentValue", authorization.get());
      }
      return verifyHeader(r, authorization.get().strip(), virtualHostBucket);
    }
    return verifyPresigned(r, q, virtualHostBucket);
  }

  private Authentication verifyHeader(SigV4Request r, String authorization,
      @Nullable String virtualHostBucket) {
    String credential = authorization.substring(PREFIX.length()).strip();
    int colon = credential.indexOf(':');
    if (colon <= 0 || colon == credential.length() - 1) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception(
          "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature")
          .withDetail("ArgumentName", "Authorization")
          .withDetail("ArgumentValue", authorization);
    }
    String accessKeyId = credential.substring(0, colon);
    String signature = credential.substring(colon + 1);
    // x-amz-date wins over Date (clients that cannot set Date send it); the Date line of the
    // string to sign is then empty and x-amz-date is signed among the amz headers.
    Optional<String> amzDate = r.header("x-amz-date").map(String::strip);
    Optional<String> date = r.header("date").map(String::strip);
    String which = amzDate.isPresent() ? "x-amz-date" : "Date";
    String value = amzDate.or(() -> date).orElseThrow(() -> S3ErrorCode.ACCESS_DENIED.exception(
        "AWS authentication requires a valid Date or x-amz-date header"));
    Instant time = parseDate(value).orElseThrow(() -> S3ErrorCode.ACCESS_DENIED.exception(
        "AWS authentication requires a valid Date or x-amz-date header (" + which + ": '"
            + value + "')"));
    // A date before 1970 is no valid date at all (AccessDenied, not RequestTimeTooSkewed: ceph
    // s3-tests test_object_create_bad_date_before_epoch_aws2).
    if (time.isBefore(Instant.EPOCH)) {
      throw S3ErrorCode.ACCESS_DENIED.exception(
          "AWS authentication requires a valid Date or x-amz-date header (" + which + ": '"
              + value + "')");
    }
    Instant now = clock.instant();
    if (Duration.between(time, now).abs().compareTo(maxSkew) > 0) {
      throw S3ErrorCode.REQUEST_TIME_TOO_SKEWED.exception()
          .withDetail("RequestTime", value)
          .withDetail("ServerTime", AMZ_DATE.format(now))
          .withDetail("MaxAllowedSkewMilliseconds", Long.toString(maxSkew.toMillis()));
    }
    S3Identity identity = lookup(accessKeyId);
    PayloadMode mode = payloadMode(r);
    verify(r, identity, accessKeyId, amzDate.isPresent() ? "" : value, amzHeaders(r),
        contentHeader(r, Map.of(), "content-md5"), contentHeader(r, Map.of(), "content-type"),
        virtualHostBucket, signature);
    return authentication(r, identity, accessKeyId, false, time, mode);
  }

  private Authentication verifyPresigned(SigV4Request r, Map<String, String> q,
      @Nullable String virtualHostBucket) {
    for (String p : List.of("AWSAccessKeyId", "Signature", "Expires")) {
      long n = SigV4.queryParamCount(r.rawQuery(), p);
      if (n == 0) {
        throw S3ErrorCode.ACCESS_DENIED.exception(
            "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters (missing: "
                + p + ")");
      }
      if (n > 1) {
        throw S3ErrorCode.INVALID_ARGUMENT.exception(p + ": " + n + " parameters (expected: one)")
            .withDetail("ArgumentName", p);
      }
    }
    String expiresText = q.get("Expires");
    long expires;
    try {
      expires = Long.parseLong(expiresText.strip());
    } catch (NumberFormatException e) {
      throw S3ErrorCode.ACCESS_DENIED.exception(
          "Invalid date (should be seconds since epoch): " + expiresText);
    }
    Instant now = clock.instant();
    // The URL is valid up to and including its Expires second.
    if (now.getEpochSecond() > expires) {
      throw S3ErrorCode.REQUEST_EXPIRED.exception()
          .withDetail("Expires", AMZ_DATE.format(Instant.ofEpochSecond(expires)))
          .withDetail("ServerTime", AMZ_DATE.format(now));
    }
    for (String name : q.keySet()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.startsWith("x-amz-")) {
        // botocore moves signed x-amz-* headers into the query of a presigned URL. Signing them
        // but not acting on them would store an object without the metadata, ACL or tags its
        // signer asked for; the handlers read headers only, so such a URL is refused.
        throw S3ErrorCode.NOT_IMPLEMENTED.exception("query parameter '" + name
            + "' in a Signature Version 2 presigned URL (expected: x-amz-* values sent as"
            + " headers; this server does not take them from the query string)");
      }
    }
    String accessKeyId = q.get("AWSAccessKeyId");
    S3Identity identity = lookup(accessKeyId);
    PayloadMode mode = payloadMode(r);
    verify(r, identity, accessKeyId, Long.toString(expires), amzHeaders(r),
        contentHeader(r, q, "content-md5"), contentHeader(r, q, "content-type"),
        virtualHostBucket, q.get("Signature"));
    return authentication(r, identity, accessKeyId, true, now, mode);
  }

  private void verify(SigV4Request r, S3Identity identity, String accessKeyId, String dateLine,
      Map<String, List<String>> amz, String md5, String type, @Nullable String vhostBucket,
      String provided) {
    String secret = identity.secretKey().reveal();
    String sts = "";
    for (String resource : resources(r.rawPath(), r.rawQuery(), vhostBucket)) {
      String candidate = SigV2.stringToSign(r.method(), md5, type, dateLine, amz, resource);
      if (SigV2.signaturesEqual(SigV2.sign(secret, candidate), provided)) {
        return;
      }
      if (sts.isEmpty()) {
        sts = candidate;
      }
    }
    throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception()
        .withDetail("AWSAccessKeyId", accessKeyId)
        .withDetail("StringToSign", sts)
        .withDetail("SignatureProvided", provided)
        .withDetail("StringToSignBytes", SigV2.bytesHex(sts));
  }

  /**
   * The canonical resources a client may have signed, S3's form over the path as sent first;
   * then that form over S3's encoding of the once-decoded path (as SigV4 encodes it), for clients
   * that sign their own encoding; for a path-style bucket request ({@code /bucket}) also {@code
   * /bucket/}, the guide's resource of a bucket, which botocore and s3cmd sign; and botocore's
   * HmacV1 form, whose resource starts with the operation's URI template, literal query included
   * ({@code /bucket?list-type=2}, {@code /bucket?uploads?uploads} in botocore 1.29, Debian's):
   * the path, '?', the first query parameter as sent, then the sub-resources. Each form is built
   * from this request's own method, path and query, so none lets a signature for one request
   * pass for another.
   */
  private static List<String> resources(String rawPath, String rawQuery,
      @Nullable String vhostBucket) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    String path = rawPath.isEmpty() ? "/" : rawPath;
    out.add(SigV2.canonicalResource(vhostBucket, path, rawQuery));
    out.add(SigV2.canonicalResource(vhostBucket, SigV4.canonicalUri(rawPath), rawQuery));
    if (vhostBucket == null && path.length() > 1 && path.indexOf('/', 1) < 0) {
      out.add(SigV2.canonicalResource(null, path + "/", rawQuery));
    }
    int amp = rawQuery.indexOf('&');
    String first = amp < 0 ? rawQuery : rawQuery.substring(0, amp);
    if (!first.isEmpty()) {
      String base = vhostBucket == null ? path
          : "/" + vhostBucket + (path.equals("/") ? "" : path);
      out.add(SigV2.canonicalResource(null, base + "?" + first, rawQuery));
    }
    return List.copyOf(out);
  }

  /** The x-amz-* headers (every one is signed in SigV2, so none can be added unsigned). */
  private static Map<String, List<String>> amzHeaders(SigV4Request r) {
    Map<String, List<String>> amz = new TreeMap<>();
    r.headers().forEach((name, values) -> {
      if (name.startsWith("x-amz-")) {
        amz.put(name, values);
      }
    });
    return amz;
  }

  /** Content-MD5 or Content-Type: the header, else (presigned, botocore) the query parameter. */
  private static String contentHeader(SigV4Request r, Map<String, String> q, String name) {
    return r.header(name).or(() -> Optional.ofNullable(q.get(name))).orElse("");
  }

  private static PayloadMode payloadMode(SigV4Request r) {
    Optional<String> sha = r.header("x-amz-content-sha256").map(String::strip);
    if (sha.isEmpty()) {
      return PayloadMode.UNSIGNED_PAYLOAD;
    }
    PayloadMode mode = PayloadMode.parse(sha.get());
    if (mode.isStreaming()) {
      throw S3ErrorCode.INVALID_REQUEST.exception("x-amz-content-sha256: " + sha.get()
          + " with Signature Version 2 (expected: a SHA-256 hex digest or UNSIGNED-PAYLOAD;"
          + " aws-chunked bodies need Signature Version 4 chunk signatures)");
    }
    return mode;
  }

  private static Authentication authentication(SigV4Request r, S3Identity identity,
      String accessKeyId, boolean presigned, Instant time, PayloadMode mode) {
    Optional<String> sha = mode == PayloadMode.SIGNED
        ? r.header("x-amz-content-sha256").map(s -> s.strip().toLowerCase(Locale.ROOT))
        : Optional.empty();
    return new Authentication(identity, accessKeyId, presigned, time, mode, sha, List.of(),
        OptionalLong.empty(), Optional.empty());
  }

  private S3Identity lookup(String accessKeyId) {
    return credentials.apply(accessKeyId).orElseThrow(() ->
        S3ErrorCode.INVALID_ACCESS_KEY_ID.exception().withDetail("AWSAccessKeyId", accessKeyId));
  }

  /**
   * RFC 1123 without the day of the week, which is not checked (S3 takes "Tue, 07 Jul 2010" as
   * a date, though that day was a Wednesday, and answers RequestTimeTooSkewed: ceph s3-tests
   * test_object_create_bad_date_before_today_aws2).
   */
  private static final DateTimeFormatter RFC_1123_NO_DAY = new java.time.format.DateTimeFormatterBuilder()
      .parseCaseInsensitive().appendPattern("d MMM uuuu HH:mm:ss ")
      .appendOffset("+HHMM", "GMT").toFormatter(Locale.US);

  /** RFC 1123 (what clients send in Date and SigV2 x-amz-date), or the SigV4 basic ISO form. */
  static Optional<Instant> parseDate(String v) {
    int comma = v.indexOf(',');
    String date = (comma >= 0 ? v.substring(comma + 1) : v).strip();
    try {
      return Optional.of(ZonedDateTime.parse(date, RFC_1123_NO_DAY).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(SigV4Authenticator.parseAmzDate(v, S3ErrorCode.ACCESS_DENIED, "date"));
      } catch (S3Exception notIso) {
        return Optional.empty();
      }
    }
  }
}

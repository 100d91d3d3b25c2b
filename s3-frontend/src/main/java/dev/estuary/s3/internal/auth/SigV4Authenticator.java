package dev.estuary.s3.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.S3Identity;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Verifies AWS Signature Version 4 on S3 requests, in the {@code Authorization} header (S3 API
 * Reference, "Authenticating Requests: Using the Authorization Header") and in the query string
 * of presigned URLs ("Authenticating Requests: Using Query Parameters").
 *
 * <p>The canonical URI is built from the raw path as received, decoded once and re-encoded per
 * SigV4 (S3 signs the singly encoded path without normalisation); if that does not match, the raw
 * path exactly as sent is tried, for clients that sign their own wire encoding. Derived signing
 * keys are cached per access key, day, region and service. Thread-safe.
 */
public final class SigV4Authenticator {
  /** Presigned URLs may be valid for at most seven days. */
  public static final long MAX_PRESIGN_EXPIRES_SECONDS = 604_800;

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int MAX_CACHED_KEYS = 4096;
  /** Headers that decide how a request is authenticated: each may occur once. */
  private static final List<String> SINGLE_VALUED =
      List.of("authorization", "x-amz-date", "x-amz-content-sha256");

  /**
   * Settings.
   *
   * @param maxSkew how far the request time may be from the clock (S3: 15 minutes)
   * @param region the region the credential scope must name, or null to accept any region
   * @param service the service the credential scope must name ({@code s3})
   */
  public record Config(Duration maxSkew, @Nullable String region, String service) {
    /** Checks the values. */
    public Config {
      requireNonNull(maxSkew, "maxSkew");
      requireNonNull(service, "service");
      if (maxSkew.isNegative()) {
        throw new IllegalArgumentException("maxSkew: " + maxSkew + " (expected: >= 0)");
      }
    }

    /** 15 minutes of skew, any region, service {@code s3}. */
    public static Config defaults() {
      return new Config(Duration.ofMinutes(15), null, "s3");
    }
  }

  private record CachedKey(String secret, byte[] key, Mac mac) {}

  private final Function<String, Optional<S3Identity>> credentials;
  private final Clock clock;
  private final Config config;
  private final Map<String, CachedKey> keyCache = new ConcurrentHashMap<>();

  /**
   * @param credentials looks up an access key id, e.g. {@code UserStore::s3Identity}
   * @param clock the time source for skew and expiry checks
   * @param config settings
   */
  public SigV4Authenticator(Function<String, Optional<S3Identity>> credentials, Clock clock, Config config) {
    this.credentials = requireNonNull(credentials, "credentials");
    this.clock = requireNonNull(clock, "clock");
    this.config = requireNonNull(config, "config");
  }

  /**
   * Whether the request carries any credentials (an Authorization header or presign parameters).
   * Requests without are anonymous; {@link #authenticate} refuses them.
   */
  public static boolean hasCredentials(SigV4Request request) {
    if (request.header("authorization").filter(a -> !a.isBlank()).isPresent()) {
      return true;
    }
    Map<String, String> q = SigV4.queryParams(request.rawQuery());
    return q.containsKey("X-Amz-Algorithm") || q.containsKey("AWSAccessKeyId");
  }

  /**
   * Verifies the request's signature.
   *
   * @return who signed it and how to read its body
   * @throws S3Exception with the S3 error code for what is wrong (AccessDenied,
   *     InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed,
   *     AuthorizationHeaderMalformed, AuthorizationQueryParametersError, InvalidRequest, ...)
   */
  public Authentication authenticate(SigV4Request request) {
    // One value each: with two, which one was signed and which one is acted on could differ.
    for (String single : SINGLE_VALUED) {
      List<String> values = request.headerValues(single);
      if (values.size() > 1) {
        throw S3ErrorCode.INVALID_ARGUMENT.exception(
            single + ": " + values.size() + " headers (expected: at most one)")
            .withDetail("ArgumentName", single)
            .withDetail("ArgumentValue", String.join(", ", values));
      }
    }
    // An empty Authorization header is no credential at all (s3-tests expects 403 AccessDenied).
    Optional<String> authorization = request.header("authorization").filter(a -> !a.isBlank());
    Map<String, String> query = SigV4.queryParams(request.rawQuery());
    boolean presigned = query.containsKey("X-Amz-Algorithm");
    if (authorization.isPresent() && (presigned || query.containsKey("X-Amz-Signature"))) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception(
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
          .withDetail("ArgumentName", "Authorization")
          .withDetail("ArgumentValue", authorization.get());
    }
    if (authorization.isPresent()) {
      String a = authorization.get().strip();
      if (!a.startsWith(SigV4.ALGORITHM + " ")) {
        throw unsupportedMechanism();
      }
      return verifyHeader(request, AuthorizationHeader.parse(a.substring(SigV4.ALGORITHM.length() + 1)));
    }
    if (presigned) {
      return verifyPresigned(request, query);
    }
    if (query.containsKey("AWSAccessKeyId") || query.containsKey("Signature")) {
      throw unsupportedMechanism();
    }
    throw S3ErrorCode.ACCESS_DENIED.exception("Anonymous access is not allowed; sign the request with AWS Signature Version 4.");
  }

  private static S3Exception unsupportedMechanism() {
    return S3ErrorCode.INVALID_REQUEST.exception(
        "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
  }

  private Authentication verifyHeader(SigV4Request r, AuthorizationHeader h) {
    String amzDate = r.header("x-amz-date").map(String::strip).orElse(null);
    Instant time;
    if (amzDate != null) {
      time = parseAmzDate(amzDate, S3ErrorCode.ACCESS_DENIED, "x-amz-date");
    } else {
      String date = r.header("date").orElseThrow(() -> S3ErrorCode.ACCESS_DENIED.exception(
          "AWS authentication requires a valid Date or x-amz-date header"));
      try {
        time = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        throw S3ErrorCode.ACCESS_DENIED.exception(
            "AWS authentication requires a valid Date or x-amz-date header (Date: '" + date + "')");
      }
      amzDate = AMZ_DATE.format(time);
    }
    // Skew before scope: a stale x-amz-date is RequestTimeTooSkewed even though the credential
    // date (from the client's own clock) then differs from it too (ceph s3-tests test_headers).
    if (time.isBefore(Instant.EPOCH)) {
      throw S3ErrorCode.ACCESS_DENIED.exception(
          "AWS authentication requires a valid Date or x-amz-date header (x-amz-date: '" + amzDate + "')");
    }
    checkSkew(time);
    // The key before the scope: a wrong key id is InvalidAccessKeyId whatever its scope says.
    S3Identity identity = lookup(h.accessKeyId());
    checkScope(h.date(), h.region(), h.service(), amzDate, S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
    String contentSha = r.header("x-amz-content-sha256").map(String::strip).orElseThrow(() ->
        S3ErrorCode.INVALID_REQUEST.exception("Missing required header for this request: x-amz-content-sha256"));
    PayloadMode mode = parsePayloadMode(contentSha);
    if (!h.signedHeaders().contains("host")) {
      throw S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED.exception(
          "The authorization header is malformed; SignedHeaders: '" + String.join(";", h.signedHeaders())
              + "' (expected: a list including host)");
    }
    requireSigned(r, h.signedHeaders(), false);
    CachedKey key = signingKey(h.accessKeyId(), identity, h.date(), h.region(), h.service());
    String scope = SigV4.scope(h.date(), h.region(), h.service());
    String canonicalQuery = SigV4.canonicalQuery(r.rawQuery(), null);
    verifySignature(r, h.accessKeyId(), h.signedHeaders(), canonicalQuery, contentSha, amzDate, scope, key,
        h.signature());
    return authentication(r, identity, h.accessKeyId(), false, time, mode, contentSha,
        new ChunkSigningContext(key.key(), amzDate, scope, h.signature().toLowerCase(Locale.ROOT)));
  }

  private Authentication verifyPresigned(SigV4Request r, Map<String, String> q) {
    String algorithm = q.get("X-Amz-Algorithm");
    if (!SigV4.ALGORITHM.equals(algorithm)) {
      throw S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(
          "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\" (got: '" + algorithm + "')");
    }
    // The query map keeps the first of repeated parameters; a second one would be signed (every
    // parameter but X-Amz-Signature is in the canonical query) yet ignored here, or the reverse.
    for (String p : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date",
        "X-Amz-SignedHeaders", "X-Amz-Expires", "X-Amz-Content-Sha256")) {
      long n = SigV4.queryParamCount(r.rawQuery(), p);
      if (n > 1) {
        throw S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(
            p + ": " + n + " parameters (expected: at most one)");
      }
    }
    for (String p : List.of("X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires")) {
      if (!q.containsKey(p)) {
        throw S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
                + "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters (missing: " + p + ").");
      }
    }
    Credential c = Credential.parse(q.get("X-Amz-Credential"), S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    String amzDate = q.get("X-Amz-Date");
    Instant time = parseAmzDate(amzDate, S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "X-Amz-Date");
    long expires;
    try {
      expires = Long.parseLong(q.get("X-Amz-Expires"));
    } catch (NumberFormatException e) {
      throw S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(
          "X-Amz-Expires: '" + q.get("X-Amz-Expires") + "' (expected: an integer 1..604800)");
    }
    // Out of 1..604800 is refused with 403, as ceph s3-tests expect of S3
    // (test_object_raw_get_x_amz_expires_out_{range_zero,max_range,positive_range}).
    if (expires < 1) {
      throw S3ErrorCode.REQUEST_EXPIRED.exception()
          .withDetail("X-Amz-Expires", Long.toString(expires));
    }
    if (expires > MAX_PRESIGN_EXPIRES_SECONDS) {
      throw S3ErrorCode.ACCESS_DENIED.exception(
          "X-Amz-Expires must be less than a week (in seconds) that is 604800 (got: " + expires + ")");
    }
    checkScope(c.date(), c.region(), c.service(), amzDate, S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    Instant now = clock.instant();
    if (time.minus(config.maxSkew()).isAfter(now)) {
      throw S3ErrorCode.REQUEST_NOT_YET_VALID.exception()
          .withDetail("X-Amz-Date", amzDate)
          .withDetail("ServerTime", AMZ_DATE.format(now));
    }
    Instant expiry = time.plusSeconds(expires);
    if (now.isAfter(expiry)) {
      throw S3ErrorCode.REQUEST_EXPIRED.exception()
          .withDetail("X-Amz-Expires", Long.toString(expires))
          .withDetail("Expires", AMZ_DATE.format(expiry))
          .withDetail("ServerTime", AMZ_DATE.format(now));
    }
    List<String> signedHeaders = Arrays.asList(q.get("X-Amz-SignedHeaders").toLowerCase(Locale.ROOT).split(";", -1));
    if (!signedHeaders.contains("host")) {
      throw S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(
          "X-Amz-SignedHeaders: '" + q.get("X-Amz-SignedHeaders") + "' (expected: a list including host)");
    }
    requireSigned(r, signedHeaders, true);
    // A presigned URL's payload is unsigned unless the signer put a hash in the query or a header.
    String contentSha = Optional.ofNullable(q.get("X-Amz-Content-Sha256"))
        .or(() -> r.header("x-amz-content-sha256").map(String::strip))
        .orElse(PayloadMode.UNSIGNED_PAYLOAD.headerValue());
    PayloadMode mode = parsePayloadMode(contentSha);
    S3Identity identity = lookup(c.accessKeyId());
    CachedKey key = signingKey(c.accessKeyId(), identity, c.date(), c.region(), c.service());
    String scope = SigV4.scope(c.date(), c.region(), c.service());
    String canonicalQuery = SigV4.canonicalQuery(r.rawQuery(), "X-Amz-Signature");
    String signature = q.get("X-Amz-Signature");
    verifySignature(r, c.accessKeyId(), signedHeaders, canonicalQuery, contentSha, amzDate, scope, key, signature);
    return authentication(r, identity, c.accessKeyId(), true, time, mode, contentSha,
        new ChunkSigningContext(key.key(), amzDate, scope, signature.toLowerCase(Locale.ROOT)));
  }

  private Authentication authentication(
      SigV4Request r, S3Identity identity, String accessKeyId, boolean presigned, Instant time,
      PayloadMode mode, String contentSha, ChunkSigningContext chunkSigning) {
    List<String> trailers = new ArrayList<>();
    for (String v : r.headerValues("x-amz-trailer")) {
      for (String n : v.split(",")) {
        if (!n.isBlank()) {
          trailers.add(n.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    OptionalLong decoded = OptionalLong.empty();
    Optional<String> dcl = r.header("x-amz-decoded-content-length");
    if (dcl.isPresent()) {
      try {
        long v = Long.parseLong(dcl.get().strip());
        if (v < 0) {
          throw new NumberFormatException();
        }
        decoded = OptionalLong.of(v);
      } catch (NumberFormatException e) {
        throw S3ErrorCode.INVALID_ARGUMENT.exception(
            "x-amz-decoded-content-length: '" + dcl.get() + "' (expected: a non-negative integer)")
            .withDetail("ArgumentName", "x-amz-decoded-content-length")
            .withDetail("ArgumentValue", dcl.get());
      }
    } else if (mode.hasChunkSignatures()) {
      throw S3ErrorCode.MISSING_CONTENT_LENGTH.exception(
          "x-amz-decoded-content-length is required with x-amz-content-sha256: " + mode.headerValue());
    }
    return new Authentication(identity, accessKeyId, presigned, time, mode,
        mode == PayloadMode.SIGNED ? Optional.of(contentSha.toLowerCase(Locale.ROOT)) : Optional.empty(),
        trailers, decoded, mode.hasChunkSignatures() ? Optional.of(chunkSigning) : Optional.empty());
  }

  /**
   * Refuses a request carrying an {@code x-amz-*} header its signature does not cover: such a
   * header would change what the request does (x-amz-copy-source turns a presigned upload into a
   * copy of another object; x-amz-meta-*, x-amz-tagging change what is stored) without the
   * signer having agreed to it. S3 answers 403 AccessDenied "There were headers present in the
   * request which were not signed" with the names in HeadersNotSigned (S3 API Reference,
   * "Authenticating Requests (AWS Signature Version 4)": every x-amz-* header must be signed).
   *
   * <p>Only {@code x-amz-content-sha256} of a presigned request is let through unsigned: it is
   * the payload hash, the last line of the canonical request, so the signature covers its value
   * anyway (a changed value is SignatureDoesNotMatch, as on S3).
   */
  private static void requireSigned(SigV4Request r, List<String> signedHeaders, boolean presigned) {
    List<String> unsigned = new ArrayList<>();
    for (String name : r.headers().keySet()) {
      if (name.startsWith("x-amz-") && !signedHeaders.contains(name)
          && !(presigned && name.equals("x-amz-content-sha256"))) {
        unsigned.add(name);
      }
    }
    if (!unsigned.isEmpty()) {
      throw S3ErrorCode.ACCESS_DENIED.exception(
          "There were headers present in the request which were not signed")
          .withDetail("HeadersNotSigned", String.join(", ", unsigned));
    }
  }

  private static PayloadMode parsePayloadMode(String contentSha) {
    if (contentSha.startsWith("STREAMING-AWS4-ECDSA")) {
      throw S3ErrorCode.NOT_IMPLEMENTED.exception(
          "x-amz-content-sha256: " + contentSha + " (SigV4a is not implemented; use AWS4-HMAC-SHA256)");
    }
    return PayloadMode.parse(contentSha);
  }

  private void verifySignature(
      SigV4Request r, String accessKeyId, List<String> signedHeaders, String canonicalQuery,
      String payloadHash, String amzDate, String scope, CachedKey key, String provided) {
    String headers = canonicalHeaders(r, signedHeaders);
    String signedList = String.join(";", signedHeaders);
    String uri = SigV4.canonicalUri(r.rawPath());
    String canonical = SigV4.canonicalRequest(r.method(), uri, canonicalQuery, headers, signedList, payloadHash);
    String sts = SigV4.stringToSign(amzDate, scope, canonical);
    if (SigV4.signaturesEqual(SigV4.hex(SigV4.hmac(key.mac(), sts)), provided)) {
      return;
    }
    String rawUri = r.rawPath().isEmpty() ? "/" : r.rawPath();
    if (!rawUri.equals(uri)) {
      String c2 = SigV4.canonicalRequest(r.method(), rawUri, canonicalQuery, headers, signedList, payloadHash);
      if (SigV4.signaturesEqual(SigV4.hex(SigV4.hmac(key.mac(), SigV4.stringToSign(amzDate, scope, c2))), provided)) {
        return;
      }
    }
    throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception()
        .withDetail("AWSAccessKeyId", accessKeyId)
        .withDetail("StringToSign", sts)
        .withDetail("SignatureProvided", provided)
        .withDetail("CanonicalRequest", canonical);
  }

  private static String canonicalHeaders(SigV4Request r, List<String> signedHeaders) {
    StringBuilder sb = new StringBuilder(256);
    for (String name : signedHeaders) {
      List<String> values = r.headerValues(name);
      if (values.isEmpty() && name.equals("transfer-encoding")) {
        // HTTP servers consume the chunked framing header; it can only have said "chunked".
        values = List.of("chunked");
      }
      sb.append(name).append(':').append(SigV4.canonicalHeaderValue(values)).append('\n');
    }
    return sb.toString();
  }

  private S3Identity lookup(String accessKeyId) {
    return credentials.apply(accessKeyId).orElseThrow(() -> S3ErrorCode.INVALID_ACCESS_KEY_ID.exception()
        .withDetail("AWSAccessKeyId", accessKeyId));
  }

  private CachedKey signingKey(String accessKeyId, S3Identity id, String date, String region, String service) {
    String secret = id.secretKey().reveal();
    String k = accessKeyId + '/' + date + '/' + region + '/' + service;
    CachedKey cached = keyCache.get(k);
    if (cached != null && cached.secret().equals(secret)) {
      return cached;
    }
    byte[] key = SigV4.signingKey(secret, date, region, service);
    if (keyCache.size() >= MAX_CACHED_KEYS) {
      keyCache.clear();
    }
    CachedKey fresh = new CachedKey(secret, key, SigV4.hmacPrototype(key));
    keyCache.put(k, fresh);
    return fresh;
  }

  private void checkScope(String date, String region, String service, String amzDate, S3ErrorCode code) {
    if (!amzDate.startsWith(date)) {
      throw code.exception("The authorization header is malformed; Invalid credential date \"" + date
          + "\". This date is not the same as X-Amz-Date: \"" + amzDate.substring(0, Math.min(8, amzDate.length())) + "\".");
    }
    if (config.region() != null && !config.region().equals(region)) {
      throw code.exception("The authorization header is malformed; the region '" + region
          + "' is wrong; expecting '" + config.region() + "'").withDetail("Region", config.region());
    }
    if (!config.service().equals(service)) {
      throw code.exception("The authorization header is malformed; incorrect service \"" + service
          + "\". This endpoint belongs to \"" + config.service() + "\".");
    }
  }

  private void checkSkew(Instant time) {
    Instant now = clock.instant();
    if (Duration.between(time, now).abs().compareTo(config.maxSkew()) > 0) {
      throw S3ErrorCode.REQUEST_TIME_TOO_SKEWED.exception()
          .withDetail("RequestTime", AMZ_DATE.format(time))
          .withDetail("ServerTime", AMZ_DATE.format(now))
          .withDetail("MaxAllowedSkewMilliseconds", Long.toString(config.maxSkew().toMillis()));
    }
  }

  /** Parses {@code yyyyMMdd'T'HHmmss'Z'} by hand: DateTimeFormatter costs microseconds per request. */
  static Instant parseAmzDate(String v, S3ErrorCode code, String what) {
    if (v.length() == 16 && v.charAt(8) == 'T' && v.charAt(15) == 'Z') {
      int year = digits(v, 0, 4);
      int month = digits(v, 4, 6);
      int day = digits(v, 6, 8);
      int hour = digits(v, 9, 11);
      int minute = digits(v, 11, 13);
      int second = digits(v, 13, 15);
      if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          // fall through: a field out of range
        }
      }
    }
    throw code.exception(what + ": '" + v + "' (expected: yyyyMMdd'T'HHmmss'Z')");
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}

package dev.estuary.s3.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Raw S3 requests over {@link java.net.http.HttpClient}, signed with the SDK's own SigV4 signer
 * ({@link AwsV4HttpSigner}, fully signed payload), for inputs the SDK would never produce: a
 * malformed body, a wrong header, a stale presigned URL. Only the part a test spoils is wrong.
 */
public final class RawS3 {
  /** Headers java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final URI endpoint;
  private final AwsBasicCredentials keys;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /**
   * A raw client.
   *
   * @param endpoint the server
   * @param keys the keys to sign with
   */
  public RawS3(URI endpoint, AwsBasicCredentials keys) {
    this.endpoint = endpoint;
    this.keys = keys;
  }

  /**
   * A response.
   *
   * @param status the status code
   * @param headers the headers
   * @param body the body
   */
  public record Response(int status, HttpHeaders headers, byte[] body) {
    /**
     * Returns the body as UTF-8.
     *
     * @return the text
     */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Parses the body as an S3 error document.
     *
     * @return the error
     */
    public ErrorXml error() {
      return ErrorXml.parse(body);
    }

    /**
     * Returns a header's first value.
     *
     * @param name the name
     * @return the value or null
     */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /**
   * The path of a key in a bucket, encoded as the SDK encodes it (every byte but unreserved
   * characters and slashes percent-encoded).
   *
   * @param bucket the bucket
   * @param key the key, or empty for the bucket itself
   * @return e.g. {@code /bucket/a%20b/c}
   */
  public static String path(String bucket, String key) {
    return "/" + bucket + (key.isEmpty() ? "" : "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
  }

  /**
   * Sends a request signed in the Authorization header at the system time.
   *
   * @param method the method
   * @param encodedPath the already encoded path, see {@link #path}
   * @param query decoded query parameters (a value of "" for a bare flag such as {@code delete})
   * @param headers extra headers (signed)
   * @param body the body (its SHA-256 is signed)
   * @return the response
   */
  public Response send(String method, String encodedPath, Map<String, String> query,
      Map<String, String> headers, byte[] body) {
    return send(method, encodedPath, query, headers, body, Clock.systemUTC());
  }

  /**
   * Sends a request signed in the Authorization header.
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param query decoded query parameters
   * @param headers extra headers (signed)
   * @param body the body
   * @param signingClock the time the signature claims
   * @return the response
   */
  public Response send(String method, String encodedPath, Map<String, String> query,
      Map<String, String> headers, byte[] body, Clock signingClock) {
    SdkHttpRequest req = request(method, encodedPath, query, headers);
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> s3(r, req)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
    return execute(signed.request(), body);
  }

  /**
   * Sends a request signed in the Authorization header over everything but the body: {@code
   * x-amz-content-sha256: UNSIGNED-PAYLOAD}, as SDKs send over HTTPS, so nothing but headers the
   * request carries (Content-MD5, a checksum) vouches for the body.
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param query decoded query parameters
   * @param headers extra headers (signed)
   * @param body the body (not signed)
   * @return the response
   */
  public Response sendUnsignedPayload(String method, String encodedPath, Map<String, String> query,
      Map<String, String> headers, byte[] body) {
    // The signer signs the payload over plain HTTP whatever it is told; as for HTTPS it does not.
    // The scheme is not part of the signature, so the request is signed as HTTPS and sent as is.
    SdkHttpRequest req = request(method, encodedPath, query, headers).toBuilder().protocol("https")
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> s3(r, req)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
    return execute(signed.request().toBuilder().protocol(endpoint.getScheme()).build(), body);
  }

  /**
   * Sends a request signed in the Authorization header, then adds headers the signature does not
   * cover.
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param query decoded query parameters
   * @param headers extra headers (signed)
   * @param unsigned headers added after signing
   * @param body the body (its SHA-256 is signed)
   * @return the response
   */
  public Response sendWithUnsigned(String method, String encodedPath, Map<String, String> query,
      Map<String, String> headers, Map<String, String> unsigned, byte[] body) {
    SdkHttpRequest req = request(method, encodedPath, query, headers);
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> s3(r, req)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    SdkHttpRequest.Builder b = signed.request().toBuilder();
    unsigned.forEach(b::putHeader);
    return execute(b.build(), body);
  }

  /**
   * Signs a request for one body and sends another, so only the payload hash is wrong.
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param headers extra headers (signed)
   * @param signedBody the body whose SHA-256 goes into the signature
   * @param sentBody the body actually sent
   * @return the response
   */
  public Response sendTampered(String method, String encodedPath, Map<String, String> headers,
      byte[] signedBody, byte[] sentBody) {
    SdkHttpRequest req = request(method, encodedPath, Map.of(), headers);
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> s3(r, req)
        .payload(ContentStreamProvider.fromByteArray(signedBody))
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    return execute(signed.request(), sentBody);
  }

  /**
   * Sends a PUT the way the SDKs do over HTTPS: an aws-chunked body with the checksum in an
   * unsigned trailer ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}), produced by the SDK's signer;
   * {@code tamper} may then spoil the encoded body (e.g. the trailer value) before it is sent.
   *
   * @param encodedPath the already encoded path
   * @param body the object content
   * @param algorithm the trailer checksum algorithm
   * @param tamper rewrites the encoded body (identity to send it as signed)
   * @return the response
   */
  public Response putWithUnsignedTrailer(String encodedPath, byte[] body,
      software.amazon.awssdk.checksums.spi.ChecksumAlgorithm algorithm,
      java.util.function.UnaryOperator<String> tamper) {
    // Over plain HTTP the SDK's signer signs every chunk and the trailer; signing "as HTTPS" (the
    // scheme is not part of a SigV4 signature) yields the unsigned-trailer form clients send.
    SdkHttpRequest req = request("PUT", encodedPath, Map.of(),
        Map.of("Content-Length", Integer.toString(body.length))).toBuilder()
        .protocol("https").build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> s3(r, req)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
        .putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, algorithm));
    byte[] encoded;
    try (java.io.InputStream in = signed.payload().orElseThrow().newStream()) {
      encoded = in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String text = new String(encoded, StandardCharsets.ISO_8859_1);
    SdkHttpRequest overHttp = signed.request().toBuilder().protocol(endpoint.getScheme()).build();
    if (!"STREAMING-UNSIGNED-PAYLOAD-TRAILER".equals(
        overHttp.firstMatchingHeader("x-amz-content-sha256").orElse(""))) {
      throw new IllegalStateException("signer produced " + overHttp.headers()
          + " (expected: x-amz-content-sha256 STREAMING-UNSIGNED-PAYLOAD-TRAILER)");
    }
    return execute(overHttp, tamper.apply(text).getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Signs a request (payload hash of the whole body) without sending it, for tests that write
   * the request themselves, e.g. to break the connection half-way through the body.
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param headers extra headers (signed)
   * @param body the body the signature covers
   * @return the signed request's headers, Host included
   */
  public Map<String, List<String>> signedHeaders(String method, String encodedPath,
      Map<String, String> headers, byte[] body) {
    return signedHeaders(method, encodedPath, Map.of(), headers, body);
  }

  /**
   * Signs a request with a query (payload hash of the whole body) without sending it.
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param query decoded query parameters (the caller sends them in the same order)
   * @param headers extra headers (signed)
   * @param body the body the signature covers
   * @return the signed request's headers, Host included
   */
  public Map<String, List<String>> signedHeaders(String method, String encodedPath,
      Map<String, String> query, Map<String, String> headers, byte[] body) {
    SdkHttpRequest req = request(method, encodedPath, query, headers);
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> s3(r, req)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    return signed.request().headers();
  }

  /**
   * Sends a request with no authentication at all (anonymous).
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param query decoded query parameters
   * @param headers extra headers
   * @param body the body
   * @return the response
   */
  public Response sendAnonymous(String method, String encodedPath, Map<String, String> query,
      Map<String, String> headers, byte[] body) {
    return execute(request(method, encodedPath, query, headers), body);
  }

  /**
   * Presigns a request in the query string (payload {@code UNSIGNED-PAYLOAD}).
   *
   * @param method the method
   * @param encodedPath the already encoded path
   * @param expiry the X-Amz-Expires duration
   * @param signingClock the time the signature claims
   * @return the URL to send without further headers
   */
  public URI presign(String method, String encodedPath, Duration expiry, Clock signingClock) {
    SdkHttpRequest req = request(method, encodedPath, Map.of(), Map.of());
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> s3(r, req)
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION,
            AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiry)
        .putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
    return signed.request().getUri();
  }

  /**
   * Sends a plain request to a full URL (e.g. a presigned one) without signing.
   *
   * @param method the method
   * @param uri the URL
   * @param headers extra headers
   * @param body the body
   * @return the response
   */
  public Response plain(String method, URI uri, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .method(method, body.length == 0 && !method.equals("PUT") && !method.equals("POST")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(method + " " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private SdkHttpRequest request(String method, String encodedPath, Map<String, String> query,
      Map<String, String> headers) {
    SdkHttpRequest.Builder b = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(method))
        .protocol(endpoint.getScheme())
        .host(endpoint.getHost())
        .port(endpoint.getPort())
        .encodedPath(encodedPath);
    query.forEach((k, v) -> b.putRawQueryParameter(k, v));
    b.putHeader("Host", endpoint.getHost() + ":" + endpoint.getPort());
    headers.forEach(b::putHeader);
    return b.build();
  }

  private Response execute(SdkHttpRequest signed, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
      if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        headers.put(h.getKey(), String.join(",", h.getValue()));
      }
    }
    return plain(signed.method().name(), signed.getUri(), headers, body);
  }

  /**
   * Fills in what every request here is signed with: the keys, service {@code s3}, the region, and
   * the path signed as sent (S3 signs it URI-encoded once and unnormalised).
   */
  private SignRequest.Builder<AwsCredentialsIdentity> s3(
      SignRequest.Builder<AwsCredentialsIdentity> r, SdkHttpRequest req) {
    return r.identity(keys)
        .request(req)
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, S3TestServer.REGION)
        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false);
  }
}

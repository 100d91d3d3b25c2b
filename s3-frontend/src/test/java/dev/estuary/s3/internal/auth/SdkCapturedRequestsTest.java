package dev.estuary.s3.internal.auth;

import static dev.estuary.s3.internal.auth.SigV4AuthenticatorTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import dev.estuary.core.Secret;
import dev.estuary.s3.internal.error.S3ErrorCode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Requests signed by the real AWS SDK for Java v2 (default checksum behaviour), captured off the
 * wire by a listener that only records them, then verified by the authenticator and decoder; a
 * tampered copy of each must fail.
 */
class SdkCapturedRequestsTest {
  private static final String AKID = "AKIDESTUARYTEST00001";
  private static final String SECRET = "c2VjcmV0IGtleSBmb3IgdGVzdHMgb25seQ/+abc";
  private static final Principal ALICE = new Principal("alice", 1001, 1001, false, Map.of());
  private static CapturingServer server;

  private final SigV4Authenticator auth = new SigV4Authenticator(
      k -> k.equals(AKID) ? Optional.of(new S3Identity(ALICE, new Secret(SECRET))) : Optional.empty(),
      Clock.systemUTC(), SigV4Authenticator.Config.defaults());

  @BeforeAll
  static void start() throws Exception {
    server = new CapturingServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.requests.clear();
  }

  private static S3Client client(RequestChecksumCalculation calc) {
    return S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, SECRET)))
        .requestChecksumCalculation(calc).build();
  }

  private static byte[] payload(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static CapturingServer.Captured only() {
    assertThat(server.requests).hasSize(1);
    return server.requests.getFirst();
  }

  private static String crc32(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    long v = c.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
  }

  @Test
  void syncPutOverHttpSignsChunksAndTrailer() {
    byte[] data = payload(300 * 1024);
    try (S3Client s3 = client(RequestChecksumCalculation.WHEN_SUPPORTED)) {
      s3.putObject(b -> b.bucket("bkt").key("dir/a b+c~€.bin"), RequestBody.fromBytes(data));
    }
    CapturingServer.Captured c = only();
    Authentication a = auth.authenticate(c.request());
    assertThat(a.principal()).isEqualTo(ALICE);
    assertThat(a.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED_TRAILER);
    assertThat(a.trailerNames()).containsExactly("x-amz-checksum-crc32");
    assertThat(a.decodedContentLength()).hasValue(data.length);
    for (int cut : new int[] {1, 77, 90, 131_072 + 90, c.body().length - 60, c.body().length - 1}) {
      var r = AwsChunkedDecoderTest.decode(a.newChunkedDecoder(1 << 20).orElseThrow(), c.body(), cut, Math.min(cut + 5, c.body().length));
      assertThat(r.payload()).isEqualTo(data);
      assertThat(r.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32", crc32(data)));
    }
    byte[] tampered = c.body().clone();
    tampered[1000] ^= 1;
    assertCode(() -> AwsChunkedDecoderTest.decode(a.newChunkedDecoder(1 << 20).orElseThrow(), tampered),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    String body = new String(c.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
    String crc = crc32(data);
    byte[] otherTrailer = body.replace("x-amz-checksum-crc32:" + crc, "x-amz-checksum-crc32:AAAAAA==")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertCode(() -> AwsChunkedDecoderTest.decode(a.newChunkedDecoder(1 << 20).orElseThrow(), otherTrailer),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    assertCode(() -> auth.authenticate(withPath(c.request(), c.request().rawPath() + "x")), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    assertCode(() -> auth.authenticate(withHeader(c.request(), "x-amz-decoded-content-length", "1")),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void syncPutWhenRequiredSignsChunksWithoutTrailer() {
    byte[] data = payload(200_000);
    try (S3Client s3 = client(RequestChecksumCalculation.WHEN_REQUIRED)) {
      s3.putObject(b -> b.bucket("bkt").key("k"), RequestBody.fromBytes(data));
    }
    CapturingServer.Captured c = only();
    Authentication a = auth.authenticate(c.request());
    assertThat(a.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
    assertThat(AwsChunkedDecoderTest.decode(a.newChunkedDecoder(1 << 20).orElseThrow(), c.body(), 100, 140_000).payload())
        .isEqualTo(data);
  }

  @Test
  void asyncPutOverHttpSendsUnsignedTrailer() {
    byte[] data = payload(100_000);
    try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
        .region(Region.US_EAST_1).httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, SECRET))).build()) {
      s3.putObject(b -> b.bucket("bkt").key("async/k"), AsyncRequestBody.fromBytes(data)).join();
    }
    CapturingServer.Captured c = only();
    Authentication a = auth.authenticate(c.request());
    assertThat(a.payloadMode()).isIn(PayloadMode.STREAMING_UNSIGNED_TRAILER, PayloadMode.UNSIGNED_PAYLOAD);
    if (a.payloadMode().isStreaming()) {
      var r = AwsChunkedDecoderTest.decode(a.newChunkedDecoder(1 << 20).orElseThrow(), c.body(), 3, 50_000);
      assertThat(r.payload()).isEqualTo(data);
      assertThat(r.trailers()).containsEntry("x-amz-checksum-crc32", crc32(data));
    } else {
      assertThat(c.body()).isEqualTo(data);
    }
  }

  @Test
  void headAndListWithAwkwardKeysAndPrefixes() {
    List<String> keys = List.of("a b/c+d=e&f.txt", "x/!'()*~@$,;:.bin", "ü/€/日本", "p%41/%2F", "a//b", "dots/./and/../");
    try (S3Client s3 = client(RequestChecksumCalculation.WHEN_SUPPORTED)) {
      for (String k : keys) {
        s3.headObject(b -> b.bucket("bkt").key(k));
      }
      s3.listObjectsV2(b -> b.bucket("bkt").prefix("a b/€&=+").delimiter("/").startAfter("x y").maxKeys(7));
    }
    assertThat(server.requests).hasSize(keys.size() + 1);
    for (CapturingServer.Captured c : server.requests) {
      Authentication a = auth.authenticate(c.request());
      // The SDK signs bodiless requests with UNSIGNED-PAYLOAD or the empty hash, depending on the operation.
      assertThat(a.payloadMode()).isIn(PayloadMode.SIGNED, PayloadMode.UNSIGNED_PAYLOAD);
      a.payloadSha256().ifPresent(h -> assertThat(h).isEqualTo(SigV4.EMPTY_SHA256));
      // An equivalent encoding of the same path verifies; a different path does not.
      auth.authenticate(withPath(c.request(), c.request().rawPath().replace("bkt", "bk%74")));
      assertCode(() -> auth.authenticate(withPath(c.request(), c.request().rawPath().replace("bkt", "bkx"))),
          S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
      String q = c.request().rawQuery();
      if (!q.isEmpty()) {
        assertCode(() -> auth.authenticate(new SigV4Request(c.request().method(), c.request().rawPath(),
            q.replace("max-keys=7", "max-keys=8"), c.request().headers())), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
      }
    }
  }

  @Test
  void presignedGetAndPut() throws Exception {
    try (S3Presigner p = S3Presigner.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, SECRET))).build()) {
      URI get = p.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(10))
          .getObjectRequest(g -> g.bucket("bkt").key("dir/a b€.txt"))).url().toURI();
      SigV4Request r = new SigV4Request("GET", get.getRawPath(), get.getRawQuery(),
          Map.of("host", List.of(get.getHost() + ":" + get.getPort())));
      Authentication a = auth.authenticate(r);
      assertThat(a.presigned()).isTrue();
      assertThat(a.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
      Instant late = Instant.now().plus(Duration.ofMinutes(11));
      var future = new SigV4Authenticator(k -> Optional.of(new S3Identity(ALICE, new Secret(SECRET))),
          Clock.fixed(late, ZoneOffset.UTC), SigV4Authenticator.Config.defaults());
      assertCode(() -> future.authenticate(r), S3ErrorCode.REQUEST_EXPIRED);
      assertCode(() -> auth.authenticate(withPath(r, r.rawPath().replace("bkt", "bku"))), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
      assertCode(() -> auth.authenticate(withHeader(r, "host", "127.0.0.2:" + get.getPort())), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);

      var put = p.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(10))
          .putObjectRequest(o -> o.bucket("bkt").key("up.bin").contentType("text/plain")));
      URI u = put.url().toURI();
      Map<String, List<String>> h = new HashMap<>(put.signedHeaders());
      assertThat(auth.authenticate(new SigV4Request("PUT", u.getRawPath(), u.getRawQuery(), h)).presigned()).isTrue();
      h.put("content-type", List.of("application/evil"));
      assertCode(() -> auth.authenticate(new SigV4Request("PUT", u.getRawPath(), u.getRawQuery(), h)),
          S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }
  }

  private static SigV4Request withPath(SigV4Request r, String path) {
    return new SigV4Request(r.method(), path, r.rawQuery(), r.headers());
  }

  private static SigV4Request withHeader(SigV4Request r, String name, String value) {
    Map<String, List<String>> h = new HashMap<>(r.headers());
    h.put(name, List.of(value));
    return new SigV4Request(r.method(), r.rawPath(), r.rawQuery(), h);
  }
}

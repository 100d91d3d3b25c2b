package dev.estuary.s3.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import dev.estuary.core.Secret;
import dev.estuary.s3.internal.codec.ErrorXml;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Armeria adapter on a real Armeria server: the SDK's requests, as Armeria hands them over
 * (raw path, :authority), verify; a wrong secret is refused with the error document.
 */
class ArmeriaSigV4Test {
  private static final String AKID = "AKIDARMERIA";
  private static final String SECRET = "armeria-secret";
  private static final List<String> verified = new CopyOnWriteArrayList<>();
  private static final List<byte[]> payloads = new CopyOnWriteArrayList<>();
  private static Server server;

  @BeforeAll
  static void start() {
    SigV4Authenticator auth = new SigV4Authenticator(
        k -> k.equals(AKID)
            ? Optional.of(new S3Identity(new Principal("p", 1, 1, false, Map.of()), new Secret(SECRET)))
            : Optional.empty(),
        Clock.systemUTC(), SigV4Authenticator.Config.defaults());
    server = Server.builder().localPort(0, com.linecorp.armeria.common.SessionProtocol.HTTP)
        .serviceUnder("/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(agg -> {
          try {
            Authentication a = auth.authenticate(ArmeriaSigV4.request(ctx, req.headers()));
            byte[] body = agg.content().array();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            a.newChunkedDecoder(1 << 20).ifPresentOrElse(d -> {
              d.feed(ByteBuffer.wrap(body), s -> {
                byte[] b = new byte[s.remaining()];
                s.get(b);
                out.writeBytes(b);
              });
              d.finish();
            }, () -> out.writeBytes(body));
            verified.add(ArmeriaSigV4.request(ctx, req.headers()).rawPath());
            payloads.add(out.toByteArray());
            return HttpResponse.of(HttpStatus.OK);
          } catch (S3Exception e) {
            return HttpResponse.of(HttpStatus.valueOf(e.errorCode().httpStatus()), MediaType.XML_UTF_8,
                ErrorXml.encode(e, "r1", null));
          }
        }))).build();
    server.start().join();
  }

  @AfterAll
  static void stop() {
    server.stop().join();
  }

  private static S3Client client(String secret) {
    return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.activeLocalPort()))
        .forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, secret))).build();
  }

  @Test
  void sdkRequestsVerifyThroughArmeria() {
    verified.clear();
    payloads.clear();
    try (S3Client s3 = client(SECRET)) {
      s3.headObject(b -> b.bucket("bkt").key("a//b c"));
      s3.putObject(b -> b.bucket("bkt").key("x/€+y"), RequestBody.fromString("hello armeria"));
    }
    assertThat(verified).containsExactly("/bkt/a/%2Fb%20c", "/bkt/x/%E2%82%AC%2By");
    assertThat(new String(payloads.get(1), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello armeria");
  }

  @Test
  void wrongSecretIsRefusedWithTheS3Code() {
    try (S3Client s3 = client("wrong")) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("bkt").key("k"), RequestBody.fromString("x")))
          .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
          });
    }
  }
}

package dev.estuary.s3.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.RawHttp;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * {@code Expect: 100-continue} (RFC 9110 §10.1.1): the server answers 100 Continue only after the
 * request is authenticated and authorised, so a refused upload gets its final status before the
 * client sends a byte of the body. Raw sockets show the exact sequence of responses; curl, which
 * waits for the 100, shows a real client uploads nothing when refused and everything when allowed.
 */
class ExpectContinueTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  /** 200 MB announced and never sent: only a server waiting for the body would hang on it. */
  private static final String HUGE = "209715200";

  @TempDir Path home;

  @Test
  void anonymousPutIsRefusedBeforeTheBody() throws IOException {
    String bucket = S3.createBucket("expect-anon");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Host", List.of("127.0.0.1:" + S3.port()));
    refusedBeforeBody(bucket, h, "AccessDenied");
    before.assertUnchanged(S3, "an anonymous PUT with Expect: 100-continue");
  }

  @Test
  void wronglySignedPutIsRefusedBeforeTheBody() throws IOException {
    String bucket = S3.createBucket("expect-badsig");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    RawS3 bad = S3.raw(AwsBasicCredentials.create(S3.credentials().accessKeyId(),
        "not-the-secret-key-0123456789abcdefghij"));
    refusedBeforeBody(bucket, bad.signedHeaders("PUT", RawS3.path(bucket, "k"), Map.of(),
        new byte[0]), "SignatureDoesNotMatch");
    before.assertUnchanged(S3, "a wrongly signed PUT with Expect: 100-continue");
  }

  @Test
  void putWithoutAGrantIsRefusedBeforeTheBody() throws IOException {
    String bucket = S3.createBucket("expect-nogrant");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    RawS3 nobody = S3.raw(S3TestServer.NOBODY);
    refusedBeforeBody(bucket, nobody.signedHeaders("PUT", RawS3.path(bucket, "k"), Map.of(),
        new byte[0]), "AccessDenied");
    RawS3 reader = S3.raw(S3TestServer.READER);
    refusedBeforeBody(bucket, reader.signedHeaders("PUT", RawS3.path(bucket, "k"), Map.of(),
        new byte[0]), "AccessDenied");
    before.assertUnchanged(S3, "PUTs by users without a write grant with Expect: 100-continue");
  }

  /**
   * Sends the head of a PUT announcing 200 MB and waiting for 100 Continue; the first response
   * must be the final error, and the connection must then be closed (the body never came).
   */
  private static void refusedBeforeBody(String bucket, Map<String, List<String>> signed,
      String code) throws IOException {
    try (Socket s = RawHttp.connect(S3)) {
      Map<String, List<String>> h = new LinkedHashMap<>(signed);
      h.put("Content-Length", List.of(HUGE));
      h.put("Expect", List.of("100-continue"));
      RawHttp.writeHead(s.getOutputStream(), "PUT", RawS3.path(bucket, "k"), h);
      InputStream in = new BufferedInputStream(s.getInputStream());
      RawHttp.Response r = RawHttp.readResponse(in);
      assertThat(r.status()).as("first response to a refused PUT: %s", r).isEqualTo(403);
      assertThat(ErrorXml.parse(r.body()).code()).isEqualTo(code);
      assertThat(in.read()).as("connection after the refusal").isEqualTo(-1);
    }
  }

  @Test
  void signedPutGetsContinueThenItsAnswerOnAReusableConnection() throws IOException {
    String bucket = S3.createBucket("expect-ok");
    byte[] body = new byte[200_000];
    new Random(7).nextBytes(body);
    Map<String, List<String>> h = new LinkedHashMap<>(
        S3.raw().signedHeaders("PUT", RawS3.path(bucket, "k"), Map.of(), body));
    h.put("Content-Length", List.of(Integer.toString(body.length)));
    h.put("Expect", List.of("100-continue"));
    try (Socket s = RawHttp.connect(S3)) {
      OutputStream out = s.getOutputStream();
      RawHttp.writeHead(out, "PUT", RawS3.path(bucket, "k"), h);
      InputStream in = new BufferedInputStream(s.getInputStream());
      RawHttp.Response cont = RawHttp.readResponse(in);
      assertThat(cont.status()).as("%s", cont).isEqualTo(100);
      out.write(body);
      out.flush();
      RawHttp.Response put = RawHttp.readResponse(in);
      assertThat(put.status()).as("%s", put).isEqualTo(200);
      assertThat(put.headers().get("connection")).isNotEqualToIgnoringCase("close");

      // The same connection serves the next request.
      RawHttp.writeHead(out, "GET", RawS3.path(bucket, "k"),
          S3.raw().signedHeaders("GET", RawS3.path(bucket, "k"), Map.of(), new byte[0]));
      RawHttp.Response get = RawHttp.readResponse(in);
      assertThat(get.status()).as("%s", get).isEqualTo(200);
      assertThat(get.body()).isEqualTo(body);
    }
  }

  @Test
  void signedPutWithoutExpectGetsNoContinue() throws IOException {
    String bucket = S3.createBucket("expect-none");
    byte[] body = "no expectation".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> h = new LinkedHashMap<>(
        S3.raw().signedHeaders("PUT", RawS3.path(bucket, "k"), Map.of(), body));
    h.put("Content-Length", List.of(Integer.toString(body.length)));
    try (Socket s = RawHttp.connect(S3)) {
      RawHttp.writeHead(s.getOutputStream(), "PUT", RawS3.path(bucket, "k"), h);
      s.getOutputStream().write(body);
      RawHttp.Response put = RawHttp.readResponse(new BufferedInputStream(s.getInputStream()));
      assertThat(put.status()).as("%s", put).isEqualTo(200);
    }
  }

  @Test
  void curlUploadsNothingWhenRefusedAndEverythingWhenAllowed() throws IOException {
    Programs.require("/usr/bin/curl", "curl");
    String bucket = S3.createBucket("expect-curl");
    Path file = home.resolve("upload.bin");
    byte[] body = new byte[3 << 20];
    new Random(11).nextBytes(body);
    Files.write(file, body);

    // Anonymous: curl waits for 100 Continue, gets 403 instead and sends none of the body.
    Programs.Result anon = Programs.run(home, Map.of(), Duration.ofSeconds(60), "/usr/bin/curl",
        "-sS", "-v", "--noproxy", "*", "-H", "Expect: 100-continue", "--expect100-timeout",
        "30", "-T", file.toString(), "-o", "/dev/null", "-w", "%{http_code} %{size_upload}",
        S3.endpoint() + RawS3.path(bucket, "anon"));
    assertThat(anon.stdout()).as("%s", anon).isEqualTo("403 0");
    assertThat(anon.stderr()).doesNotContain("100 Continue");

    // Presigned: the 100 comes, the body follows and is stored.
    URI url = S3.raw().presign("PUT", RawS3.path(bucket, "signed"), Duration.ofMinutes(5),
        S3.clock());
    Programs.Result ok = Programs.run(home, Map.of(), Duration.ofSeconds(60), "/usr/bin/curl",
        "-sS", "-v", "--noproxy", "*", "-H", "Expect: 100-continue", "--expect100-timeout", "30",
        "-T", file.toString(), "-o", "/dev/null", "-w", "%{http_code} %{size_upload}",
        url.toString());
    assertThat(ok.stdout()).as("%s", ok).isEqualTo("200 " + body.length);
    assertThat(ok.stderr()).contains("HTTP/1.1 100 Continue");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("signed")).asByteArray())
        .isEqualTo(body);
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(o -> o.key()).containsExactly("signed");
  }
}

package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.RawHttp;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Small request defects, each refused with S3's error and nothing stored: an upload with no length
 * at all (411 MissingContentLength), a {@code response-*} override that would split a header (400
 * InvalidArgument, no internals in the body), repeated authentication headers, and part numbers
 * that are not plain decimal.
 */
class RequestValidationTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir Path home;

  @Test
  void putWithNeitherContentLengthNorChunkedIsMissingContentLength() throws IOException {
    String bucket = S3.createBucket("no-length");
    S3.client().createMultipartUpload(b -> b.bucket(bucket).key("mp"));
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String id = S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().getFirst()
        .uploadId();
    for (String target : List.of(RawS3.path(bucket, "k"),
        RawS3.path(bucket, "mp") + "?partNumber=1&uploadId=" + id)) {
      String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
      Map<String, String> query = target.contains("?")
          ? Map.of("partNumber", "1", "uploadId", id) : Map.of();
      try (Socket s = RawHttp.connect(S3)) {
        RawHttp.writeHead(s.getOutputStream(), "PUT", target,
            S3.raw().signedHeaders("PUT", path, query, Map.of(), new byte[0]));
        RawHttp.Response r = RawHttp.readResponse(new BufferedInputStream(s.getInputStream()));
        assertThat(r.status()).as("%s: %s", target, r).isEqualTo(411);
        ErrorXml x = ErrorXml.parse(r.body());
        assertThat(x.code()).isEqualTo("MissingContentLength");
        assertThat(x.message()).isEqualTo("You must provide the Content-Length HTTP header.");
      }
    }
    assertThat(S3.client().listParts(b -> b.bucket(bucket).key("mp").uploadId(id)).parts())
        .isEmpty();

    // curl sends a PUT without a body and without any length when told -X PUT.
    Programs.require("/usr/bin/curl", "curl");
    URI url = S3.raw().presign("PUT", RawS3.path(bucket, "curl"), Duration.ofMinutes(5),
        S3.clock());
    Programs.Result c = Programs.run(home, Map.of(), Duration.ofSeconds(30), "/usr/bin/curl",
        "-sS", "-v", "--noproxy", "*", "-X", "PUT", "-o", "/dev/null", "-w", "%{http_code}",
        url.toString());
    assertThat(c.stderr().lines().filter(l -> l.startsWith("> ")).toList())
        .noneMatch(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("> content-length"))
        .noneMatch(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("> transfer-encoding"));
    assertThat(c.stdout()).as("%s", c).isEqualTo("411");
    before.assertUnchanged(S3, "PUTs without a length");

    // The control: an empty body with Content-Length: 0 is an empty object.
    S3.client().putObject(b -> b.bucket(bucket).key("empty"), RequestBody.empty());
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("empty")).contentLength())
        .isZero();
  }

  @Test
  void responseOverrideWithControlCharactersIsInvalidArgument() {
    String bucket = S3.createBucket("overrides");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    S3Client s3 = S3.client();
    Map<String, Map<String, String>> cases = new LinkedHashMap<>();
    cases.put("response-content-type", Map.of("response-content-type", "text/plain\r\nX-A: 1"));
    cases.put("response-content-disposition",
        Map.of("response-content-disposition", "attachment\n; x"));
    cases.put("response-cache-control", Map.of("response-cache-control", "no-cache\u001f"));
    cases.put("response-content-language", Map.of("response-content-language", "en\u001f"));
    cases.put("response-expires", Map.of("response-expires", "\rThu"));
    cases.put("response-content-encoding", Map.of("response-content-encoding", "gzip\u2028"));
    Map<String, String> answers = new LinkedHashMap<>();
    Map<String, String> expected = new LinkedHashMap<>();
    cases.forEach((param, query) -> {
      RawS3.Response r = S3.raw().send("GET", RawS3.path(bucket, "k"), query, Map.of(),
          new byte[0]);
      answers.put(param, r.status() + " " + r.error().code());
      expected.put(param, "400 InvalidArgument");
    });
    assertThat(answers).isEqualTo(expected);
    cases.forEach((param, query) -> {
      RawS3.Response r = S3.raw().send("GET", RawS3.path(bucket, "k"), query, Map.of(),
          new byte[0]);
      ErrorXml x = assertError(r, 400, "InvalidArgument");
      assertThat(x.message()).startsWith(param + ": ");
      assertThat(r.text()).contains("<ArgumentName>" + param + "</ArgumentName>")
          .doesNotContain("Exception").doesNotContain("java.");
      RawS3.Response head = S3.raw().send("HEAD", RawS3.path(bucket, "k"), query, Map.of(),
          new byte[0]);
      assertThat(head.status()).as(param).isEqualTo(400);
    });
    // Some control characters (NUL, SOH, DEL) Armeria refuses in any request target, before the
    // service: 400 all the same, and no internals either.
    for (String v : List.of("a\u0000b", "a\u0001b", "a\u007fb")) {
      RawS3.Response r = S3.raw().send("GET", RawS3.path(bucket, "k"),
          Map.of("response-content-type", v), Map.of(), new byte[0]);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.error().complete()).isTrue();
      assertThat(r.text()).doesNotContain("Exception").doesNotContain("java.");
    }
    // The SDK sends one too, and gets the same answer.
    assertError(S3, catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
        .responseContentType("text/plain\r\nSet-Cookie: a=b"))), 400, "InvalidArgument");
    // The control: an ordinary override is applied.
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
        .responseContentType("text/x-test; charset=utf-8")).response().contentType())
        .isEqualTo("text/x-test; charset=utf-8");
  }

  @Test
  void repeatedAuthenticationHeadersAreInvalidArgument() throws IOException {
    String bucket = S3.createBucket("dup-auth");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    byte[] body = "v".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> signed =
        S3.raw().signedHeaders("PUT", RawS3.path(bucket, "k"), Map.of(), body);
    Map<String, List<String>> other =
        S3.raw(S3TestServer.READER).signedHeaders("PUT", RawS3.path(bucket, "k"), Map.of(), body);
    for (String name : List.of("Authorization", "X-Amz-Date", "x-amz-content-sha256")) {
      Map<String, List<String>> h = new LinkedHashMap<>(signed);
      String key = h.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst()
          .orElseThrow();
      String otherKey = other.keySet().stream().filter(k -> k.equalsIgnoreCase(name))
          .findFirst().orElseThrow();
      List<String> twice = new ArrayList<>(h.get(key));
      twice.addAll(name.equals("x-amz-content-sha256") ? h.get(key) : other.get(otherKey));
      h.put(key, twice);
      h.put("Content-Length", List.of(Integer.toString(body.length)));
      try (Socket s = RawHttp.connect(S3)) {
        RawHttp.writeHead(s.getOutputStream(), "PUT", RawS3.path(bucket, "k"), h);
        s.getOutputStream().write(body);
        RawHttp.Response r = RawHttp.readResponse(new BufferedInputStream(s.getInputStream()));
        assertThat(r.status()).as("two %s headers: %s", name, r).isEqualTo(400);
        ErrorXml x = ErrorXml.parse(r.body());
        assertThat(x.code()).isEqualTo("InvalidArgument");
        assertThat(x.xml()).containsIgnoringCase("<ArgumentName>" + name + "</ArgumentName>");
      }
    }
    before.assertUnchanged(S3, "PUTs with repeated authentication headers");
  }

  @Test
  void partNumberMustBePlainDecimal() {
    String bucket = S3.createBucket("part-number");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("source"));
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
    for (String bad : List.of("+1", "01", " 1", "1 ", "0", "-1", "10001", "1.0", "0x1", "")) {
      RawS3.Response up = S3.raw().send("PUT", RawS3.path(bucket, "mp"),
          Map.of("partNumber", bad, "uploadId", id), Map.of(), "part".getBytes());
      assertThat(assertError(up, 400, "InvalidArgument").xml())
          .contains("<ArgumentName>partNumber</ArgumentName>");
      RawS3.Response copy = S3.raw().send("PUT", RawS3.path(bucket, "mp"),
          Map.of("partNumber", bad, "uploadId", id),
          Map.of("x-amz-copy-source", "/" + bucket + "/src"), new byte[0]);
      assertError(copy, 400, "InvalidArgument");
      RawS3.Response get = S3.raw().send("GET", RawS3.path(bucket, "src"),
          Map.of("partNumber", bad), Map.of(), new byte[0]);
      assertError(get, 400, "InvalidArgument");
      RawS3.Response head = S3.raw().send("HEAD", RawS3.path(bucket, "src"),
          Map.of("partNumber", bad), Map.of(), new byte[0]);
      assertThat(head.status()).as("HEAD ?partNumber=%s", bad).isEqualTo(400);
    }
    assertThat(s3.listParts(b -> b.bucket(bucket).key("mp").uploadId(id)).parts()).isEmpty();
    // The controls: plain numbers work.
    RawS3.Response ok = S3.raw().send("PUT", RawS3.path(bucket, "mp"),
        Map.of("partNumber", "10000", "uploadId", id), Map.of(), "part".getBytes());
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    RawS3.Response get = S3.raw().send("GET", RawS3.path(bucket, "src"),
        Map.of("partNumber", "1"), Map.of(), new byte[0]);
    assertThat(get.status()).as(get.text()).isEqualTo(200);
  }
}

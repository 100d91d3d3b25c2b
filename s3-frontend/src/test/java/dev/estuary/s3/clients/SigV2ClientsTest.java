package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Signature Version 2 from the real clients that still make it, the URLs fetched with curl:
 * presigned URLs from Debian's boto3 with its defaults (which are SigV2 in this version) and with
 * {@code Config(signature_version='s3')}, the header form from boto3 and from s3cmd with {@code
 * signature_v2 = True}, {@code aws s3 presign} of the aws CLI v1 (SigV2 by default, and with
 * {@code signature_version = s3} configured); then the errors, hand-made with curl.
 */
class SigV2ClientsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static String bucket;

  @BeforeAll
  static void setUp() {
    Programs.require("/usr/bin/curl", "curl");
    bucket = S3.createBucket("sigv2");
  }

  @AfterEach
  void resetClock() {
    S3.clock().reset();
  }

  /** curl: returns the status line's code and the body. */
  static String[] curl(String... args) throws IOException {
    Path body = Files.createTempFile(home, "body", ".out");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "-o", body.toString(),
        "-w", "%{http_code}"));
    cmd.addAll(List.of(args));
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(1),
        cmd.toArray(String[]::new)).ok();
    String b = Files.readString(body, StandardCharsets.UTF_8);
    Files.delete(body);
    return new String[] {r.stdout().strip(), b};
  }

  private static void assertSigV2Url(String url) {
    assertThat(url).as("a SigV2 presigned URL").contains("AWSAccessKeyId=").contains("Signature=")
        .contains("Expires=").doesNotContain("X-Amz-Algorithm");
  }

  @Test
  void boto3HeaderFormAndPresignedUrls() throws IOException {
    Path python = Programs.require("/usr/bin/python3", "python3-boto3");
    Path script = home.resolve("boto3_sigv2.py");
    try (InputStream in = SigV2ClientsTest.class.getResourceAsStream("/clients/boto3_sigv2.py")) {
      assertThat(in).as("test resource clients/boto3_sigv2.py").isNotNull();
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(2), python.toString(),
        script.toString(), S3.endpoint().toString(), bucket, S3.credentials().accessKeyId(),
        S3.credentials().secretAccessKey()).ok();
    List<String> lines = r.stdout().strip().lines().toList();
    assertThat(lines).hasSize(4).last().isEqualTo("OK");
    String defaultGet = lines.get(0);
    String v2Get = lines.get(1);
    String v2Put = lines.get(2);
    List.of(defaultGet, v2Get, v2Put).forEach(SigV2ClientsTest::assertSigV2Url);

    S3.client().putObject(b -> b.bucket(bucket).key("pre/get.txt"),
        RequestBody.fromString("presigned content"));
    assertThat(curl(defaultGet)).containsExactly("200", "presigned content");
    assertThat(curl(v2Get)).containsExactly("200", "presigned content");
    Path up = home.resolve("put.txt");
    Files.writeString(up, "uploaded through a SigV2 URL");
    assertThat(curl("--upload-file", up.toString(), v2Put)[0]).isEqualTo("200");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("pre/put.txt"))
        .asUtf8String()).isEqualTo("uploaded through a SigV2 URL");

    // The URLs were made to expire in 60 s: two minutes later they are refused as S3 does.
    S3.clock().advance(Duration.ofMinutes(2));
    String[] expired = curl(defaultGet);
    assertThat(expired[0]).isEqualTo("403");
    assertThat(expired[1]).contains("<Code>AccessDenied</Code>")
        .contains("<Message>Request has expired</Message>").contains("<Expires>");
    assertThat(curl("--upload-file", up.toString(), v2Put)[0]).isEqualTo("403");
  }

  /**
   * The aws CLI v1 presigns with SigV2 by default. Debian ships only the CLI v2, so the v1 is
   * found where pip or pyenv put it ({@code -Destuary.awscli.v1=PATH} names it); the test fails,
   * naming what it looked for, when there is none.
   */
  @Test
  void awsCliV1Presign() throws IOException {
    String v1 = awsCliV1();
    String url = presign(v1);
    assertSigV2Url(url);
    assertThat(curl(url)).as("GET %s", url).containsExactly("200", "cli presigned");
    // Another key under the same signature: the resource is signed.
    String[] other = curl(url.replace("/cli/obj", "/cli/Obj"));
    assertThat(other[0]).isEqualTo("403");
    assertThat(other[1]).contains("<Code>SignatureDoesNotMatch</Code>")
        .contains("<StringToSign>GET\n\n\n").contains("/cli/Obj%20name.txt</StringToSign>");
  }

  /** Debian's {@code /usr/bin/aws} is the CLI v2: its presigned URLs are SigV4 (it has no SigV2). */
  @Test
  void awsCliV2PresignIsSigV4() throws IOException {
    Programs.require("/usr/bin/aws", "awscli");
    String url = presign("/usr/bin/aws");
    assertThat(url).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256");
    assertThat(curl(url)).as("GET %s", url).containsExactly("200", "cli presigned");
  }

  private static String presign(String aws) throws IOException {
    S3.client().putObject(b -> b.bucket(bucket).key("cli/obj name.txt"),
        RequestBody.fromString("cli presigned"));
    Path credentials = home.resolve("aws-credentials");
    Files.writeString(credentials, "[default]\naws_access_key_id = "
        + S3.credentials().accessKeyId() + "\naws_secret_access_key = "
        + S3.credentials().secretAccessKey() + "\n");
    Path config = home.resolve("aws-config-default");
    Files.writeString(config, "[default]\nregion = us-east-1\n");
    return Programs.run(home, Map.of("AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()), Duration.ofMinutes(1), aws,
        "--endpoint-url", S3.endpoint().toString(), "s3", "presign",
        "s3://" + bucket + "/cli/obj name.txt", "--expires-in", "60").ok().stdout().strip();
  }

  /** The first aws CLI v1 among the property, pip's and pyenv's places. */
  private static String awsCliV1() throws IOException {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty("estuary.awscli.v1");
    if (property != null) {
      candidates.add(Path.of(property));
    }
    candidates.add(Path.of("/usr/local/bin/aws"));
    candidates.add(Path.of(System.getProperty("user.home"), ".local/bin/aws"));
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv/versions");
    if (Files.isDirectory(pyenv)) {
      try (var versions = Files.list(pyenv)) {
        versions.sorted(java.util.Comparator.reverseOrder())
            .forEach(v -> candidates.add(v.resolve("bin/aws")));
      }
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c)) {
        Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(1), c.toString(),
            "--version");
        if (r.exit() == 0 && (r.stdout() + r.stderr()).startsWith("aws-cli/1.")) {
          return c.toString();
        }
      }
    }
    throw new AssertionError("aws CLI v1: none found among " + candidates + " (expected: "
        + "pip install 'awscli<2', or -Destuary.awscli.v1=PATH)");
  }

  /**
   * A virtual-host URL (bucket in the Host name): SigV2 signs {@code /bucket/key} though the path
   * is {@code /key}. boto3 presigns with the server's domain; curl connects it to the test port.
   */
  @Test
  void boto3VirtualHostPresignedUrl() throws IOException {
    Path python = Programs.require("/usr/bin/python3", "python3-boto3");
    S3.client().putObject(b -> b.bucket(bucket).key("vh/obj.txt"),
        RequestBody.fromString("virtual host"));
    String domainEndpoint = "http://" + dev.estuary.s3.testing.S3Clients.VIRTUAL_HOST_DOMAIN + ":"
        + S3.endpoint().getPort();
    String url = Programs.run(home, Map.of(), Duration.ofMinutes(1), python.toString(), "-c",
        "import sys, boto3\n"
            + "from botocore.config import Config\n"
            + "c = boto3.session.Session(aws_access_key_id=sys.argv[2], aws_secret_access_key="
            + "sys.argv[3], region_name='us-east-1').client('s3', endpoint_url=sys.argv[1], "
            + "config=Config(signature_version='s3', s3={'addressing_style': 'virtual'}))\n"
            + "print(c.generate_presigned_url('get_object', Params={'Bucket': sys.argv[4], "
            + "'Key': 'vh/obj.txt'}, ExpiresIn=60))\n",
        domainEndpoint, S3.credentials().accessKeyId(), S3.credentials().secretAccessKey(),
        bucket).ok().stdout().strip();
    assertSigV2Url(url);
    assertThat(url).startsWith("http://" + bucket + "." + dev.estuary.s3.testing.S3Clients
        .VIRTUAL_HOST_DOMAIN + ":" + S3.endpoint().getPort() + "/vh/obj.txt?");
    String connect = "--connect-to";
    String to = "::" + S3.endpoint().getHost() + ":" + S3.endpoint().getPort();
    assertThat(curl(connect, to, url)).containsExactly("200", "virtual host");
    // The resource is /bucket/key in either style: the path-style URL is the same resource.
    String pathStyle = S3.endpoint() + "/" + bucket + "/vh/obj.txt" + url.substring(url.indexOf('?'));
    assertThat(curl(pathStyle)).containsExactly("200", "virtual host");
    // Another bucket in the Host name is another resource.
    String other = url.replace("http://" + bucket + ".", "http://other-" + bucket + ".");
    assertThat(curl(connect, to, other)[1]).contains("<Code>SignatureDoesNotMatch</Code>")
        .contains("/other-" + bucket + "/vh/obj.txt</StringToSign>");
  }

  @Test
  void s3cmdSignatureV2PutGetLsDel() throws IOException {
    Programs.require("/usr/bin/s3cmd", "s3cmd");
    String hostPort = S3.endpoint().getHost() + ":" + S3.endpoint().getPort();
    Path config = home.resolve("s3cfg-v2");
    Files.writeString(config, "[default]\n"
        + "access_key = " + S3.credentials().accessKeyId() + "\n"
        + "secret_key = " + S3.credentials().secretAccessKey() + "\n"
        + "host_base = " + hostPort + "\nhost_bucket = " + hostPort + "\n"
        + "use_https = False\nsignature_v2 = True\nbucket_location = us-east-1\n"
        + "proxy_host =\n");
    List<String> base = List.of("/usr/bin/s3cmd", "-c", config.toString(), "--no-progress",
        "--debug");
    Path up = home.resolve("s3cmd v2.txt");
    Files.writeString(up, "s3cmd over SigV2 ü");
    Programs.Result put = Programs.run(home, Map.of(), Duration.ofMinutes(2),
        Programs.cmd(base, "put", up.toString(), "s3://" + bucket + "/s3cmd/a file.txt")).ok();
    assertThat(put.stderr()).contains("Using signature v2").doesNotContain("Using signature v4");
    Path down = home.resolve("s3cmd.down");
    Programs.run(home, Map.of(), Duration.ofMinutes(2), Programs.cmd(base, "get",
        "s3://" + bucket + "/s3cmd/a file.txt", down.toString())).ok();
    assertThat(Files.readString(down)).isEqualTo("s3cmd over SigV2 ü");
    assertThat(Programs.run(home, Map.of(), Duration.ofMinutes(2),
        Programs.cmd(base, "ls", "s3://" + bucket + "/s3cmd/")).ok().stdout())
        .contains("s3://" + bucket + "/s3cmd/a file.txt");
    Programs.run(home, Map.of(), Duration.ofMinutes(2),
        Programs.cmd(base, "del", "s3://" + bucket + "/s3cmd/a file.txt")).ok();
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket).prefix("s3cmd/")).keyCount())
        .isZero();
  }

  @Test
  void handMadeErrors() throws IOException {
    String url = S3.endpoint() + "/" + bucket + "/missing.txt";
    String ak = S3.credentials().accessKeyId();
    String now = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    String[] wrong = curl("-H", "Date: " + now, "-H", "Authorization: AWS " + ak
        + ":AAAAAAAAAAAAAAAAAAAAAAAAAAA=", url);
    assertThat(wrong[0]).isEqualTo("403");
    assertThat(wrong[1]).contains("<Code>SignatureDoesNotMatch</Code>")
        .contains("<StringToSign>GET\n\n\n" + now + "\n/" + bucket + "/missing.txt</StringToSign>")
        .contains("<AWSAccessKeyId>" + ak + "</AWSAccessKeyId>").contains("<StringToSignBytes>");

    String[] unknown = curl("-H", "Date: " + now, "-H",
        "Authorization: AWS NOSUCHKEY000:AAAAAAAAAAAAAAAAAAAAAAAAAAA=", url);
    assertThat(unknown[0]).isEqualTo("403");
    assertThat(unknown[1]).contains("<Code>InvalidAccessKeyId</Code>");

    String old = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(20));
    String[] skewed = curl("-H", "Date: " + old, "-H", "Authorization: AWS " + ak
        + ":AAAAAAAAAAAAAAAAAAAAAAAAAAA=", url);
    assertThat(skewed[0]).isEqualTo("403");
    assertThat(skewed[1]).contains("<Code>RequestTimeTooSkewed</Code>")
        .contains("<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>");

    String[] undated = curl("-H", "Authorization: AWS " + ak + ":AAAAAAAAAAAAAAAAAAAAAAAAAAA=", url);
    assertThat(undated[0]).isEqualTo("403");
    assertThat(undated[1]).contains("<Code>AccessDenied</Code>")
        .contains("AWS authentication requires a valid Date or x-amz-date header");

    String[] malformed = curl("-H", "Date: " + now, "-H", "Authorization: AWS " + ak, url);
    assertThat(malformed[0]).isEqualTo("400");
    assertThat(malformed[1]).contains("<Code>InvalidArgument</Code>")
        .contains("Expected AwsAccessKeyId:signature");

    String[] both = curl("-H", "Date: " + now, "-H", "Authorization: AWS " + ak
        + ":AAAAAAAAAAAAAAAAAAAAAAAAAAA=", url + "?AWSAccessKeyId=" + ak
        + "&Expires=9999999999&Signature=AAAA");
    assertThat(both[0]).isEqualTo("400");
    assertThat(both[1]).contains("<Code>InvalidArgument</Code>").contains("Only one auth mechanism");

    String[] noExpires = curl(url + "?AWSAccessKeyId=" + ak + "&Signature=AAAA");
    assertThat(noExpires[0]).isEqualTo("403");
    assertThat(noExpires[1]).contains("<Code>AccessDenied</Code>")
        .contains("requires the Signature, Expires and AWSAccessKeyId parameters");
  }
}

package dev.estuary.s3.post;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Browser-style POST uploads ({@code POST /bucket}, multipart/form-data) sent by curl ({@code
 * --form-string} fields, {@code -F file=@path}), with policy documents this test writes and signs
 * itself (HMAC-SHA1 for the SigV2 form, the SigV4 signing key for the SigV4 form): success
 * answers, each condition and its failure, the size range against the file, expiry, malformed
 * policies and forms, with the codes ceph s3-tests {@code test_post_object_*} expect. Every
 * refused upload leaves the key absent.
 */
class BrowserPostTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @TempDir static Path home;
  static String bucket;
  static Path small;

  @BeforeAll
  static void setUp() throws IOException {
    Programs.require("/usr/bin/curl", "curl");
    bucket = S3.createBucket("post");
    small = home.resolve("photo.txt");
    Files.writeString(small, "bar");
  }

  @AfterEach
  void resetClock() {
    S3.clock().reset();
  }

  /** A form: ordered fields, then the file. */
  static final class Form {
    final List<String[]> fields = new ArrayList<>();
    Path file = small;
    String fileName = null;

    Form f(String name, String value) {
      fields.add(new String[] {name, value});
      return this;
    }

    Form file(Path p) {
      file = p;
      return this;
    }

    Form fileName(String n) {
      fileName = n;
      return this;
    }
  }

  record Answer(int status, String body, Map<String, String> headers) {}

  static Answer post(String toBucket, Form form) throws IOException {
    Path body = Files.createTempFile(home, "body", ".out");
    Path hdrs = Files.createTempFile(home, "headers", ".out");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "-o", body.toString(),
        "-D", hdrs.toString(), "-w", "%{http_code}"));
    for (String[] f : form.fields) {
      cmd.add("--form-string");
      cmd.add(f[0] + "=" + f[1]);
    }
    if (form.file != null) {
      cmd.add("-F");
      cmd.add("file=@" + form.file + (form.fileName == null ? "" : ";filename=" + form.fileName));
    }
    cmd.add(S3.endpoint() + "/" + toBucket);
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(2),
        cmd.toArray(String[]::new)).ok();
    Map<String, String> headers = new java.util.HashMap<>();
    for (String line : Files.readAllLines(hdrs, StandardCharsets.ISO_8859_1)) {
      int c = line.indexOf(':');
      if (c > 0) {
        headers.put(line.substring(0, c).strip().toLowerCase(java.util.Locale.ROOT),
            line.substring(c + 1).strip());
      }
    }
    String b = Files.readString(body, StandardCharsets.UTF_8);
    Files.delete(body);
    Files.delete(hdrs);
    return new Answer(Integer.parseInt(r.stdout().strip()), b, headers);
  }

  static String policy(Instant expiration, String... conditions) {
    String json = "{\"expiration\": \"" + ISO.format(expiration) + "\", \"conditions\": ["
        + String.join(", ", conditions) + "]}";
    return base64(json);
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] hmac(String algorithm, byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The SigV2 form: AWSAccessKeyId, policy, signature = base64 HMAC-SHA1(secret, policy). */
  static Form v2(AwsBasicCredentials keys, String policy) {
    return new Form().f("AWSAccessKeyId", keys.accessKeyId()).f("policy", policy)
        .f("signature", Base64.getEncoder().encodeToString(hmac("HmacSHA1",
            keys.secretAccessKey().getBytes(StandardCharsets.UTF_8), policy)));
  }

  static Form v2(String policy) {
    return v2(S3.credentials(), policy);
  }

  /** The SigV4 conditions a SigV4 form needs for its own fields, for the given time. */
  static String[] v4Conditions(Instant now) {
    String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now);
    String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .format(now);
    return new String[] {"{\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}",
        "{\"x-amz-credential\": \"" + S3.credentials().accessKeyId() + "/" + date
            + "/us-east-1/s3/aws4_request\"}", "{\"x-amz-date\": \"" + amzDate + "\"}"};
  }

  /** The SigV4 form: x-amz-algorithm, -credential, -date, policy, x-amz-signature. */
  static Form v4(Instant now, String policy) {
    String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now);
    String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .format(now);
    byte[] k = hmac("HmacSHA256", ("AWS4" + S3.credentials().secretAccessKey())
        .getBytes(StandardCharsets.UTF_8), date);
    k = hmac("HmacSHA256", k, "us-east-1");
    k = hmac("HmacSHA256", k, "s3");
    k = hmac("HmacSHA256", k, "aws4_request");
    return new Form().f("x-amz-algorithm", "AWS4-HMAC-SHA256")
        .f("x-amz-credential", S3.credentials().accessKeyId() + "/" + date
            + "/us-east-1/s3/aws4_request")
        .f("x-amz-date", amzDate).f("policy", policy)
        .f("x-amz-signature", HexFormat.of().formatHex(hmac("HmacSHA256", k, policy)));
  }

  static Instant later() {
    return S3.clock().instant().plus(Duration.ofHours(1));
  }

  static String basic(String keyPrefix) {
    return "[\"starts-with\", \"$key\", \"" + keyPrefix + "\"]";
  }

  static String bucketIs(String b) {
    return "{\"bucket\": \"" + b + "\"}";
  }

  static void assertAbsent(String key) {
    try {
      S3.client().headObject(b -> b.bucket(bucket).key(key));
      throw new AssertionError("key " + key + " exists after a refused upload");
    } catch (NoSuchKeyException e) {
      // expected
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      assertThat(e.statusCode()).isEqualTo(404);
    }
  }

  static void assertError(Answer a, int status, String code, String messagePart) {
    assertThat(a.status()).as("status; body %s", a.body()).isEqualTo(status);
    assertThat(unescape(a.body())).contains("<Code>" + code + "</Code>").contains(messagePart);
  }

  /** The XML character references S3 documents use, resolved for comparing text. */
  static String unescape(String xml) {
    return xml.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&");
  }

  static String md5(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
        .digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void v2FormStoresFileWithFieldsAndAnswers201() throws Exception {
    String policy = policy(later(), bucketIs(bucket), basic("user/"), "{\"acl\": \"private\"}",
        "[\"starts-with\", \"$Content-Type\", \"text/\"]",
        "[\"starts-with\", \"$x-amz-meta-colour\", \"\"]",
        "[\"eq\", \"$Cache-Control\", \"max-age=60\"]",
        "{\"tagging\": \"<Tagging><TagSet><Tag><Key>k</Key><Value>v w</Value></Tag></TagSet></Tagging>\"}",
        "[\"content-length-range\", 0, 1048576]", "{\"success_action_status\": \"201\"}");
    Answer a = post(bucket, v2(policy).f("key", "user/${filename}").f("acl", "private")
        .f("Content-Type", "text/plain").f("Cache-Control", "max-age=60")
        .f("x-amz-meta-colour", "blue")
        .f("tagging", "<Tagging><TagSet><Tag><Key>k</Key><Value>v w</Value></Tag></TagSet></Tagging>")
        .f("success_action_status", "201"));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(unescape(a.body())).startsWith("<?xml").contains("<PostResponse>")
        .contains("<Bucket>" + bucket + "</Bucket>").contains("<Key>user/photo.txt</Key>")
        .contains("<ETag>\"" + md5("bar") + "\"</ETag>")
        .contains("<Location>" + S3.endpoint() + "/" + bucket + "/user/photo.txt</Location>");
    assertThat(a.headers().get("etag")).isEqualTo("\"" + md5("bar") + "\"");

    var got = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("user/photo.txt"));
    assertThat(got.asUtf8String()).isEqualTo("bar");
    GetObjectResponse r = got.response();
    assertThat(r.contentType()).isEqualTo("text/plain");
    assertThat(r.cacheControl()).isEqualTo("max-age=60");
    assertThat(r.metadata()).containsExactly(Map.entry("colour", "blue"));
    assertThat(S3.client().getObjectTagging(b -> b.bucket(bucket).key("user/photo.txt")).tagSet())
        .singleElement().satisfies(t -> {
          assertThat(t.key()).isEqualTo("k");
          assertThat(t.value()).isEqualTo("v w");
        });
  }

  @Test
  void v4FormAnswers204WithLocationAndCaseInsensitiveNames() throws Exception {
    Instant now = S3.clock().instant();
    List<String> conditions = new ArrayList<>(List.of(v4Conditions(now)));
    conditions.addAll(List.of("{\"bUcKeT\": \"" + bucket + "\"}",
        "[\"StArTs-WiTh\", \"$KeY\", \"v4/\"]", "[\"content-length-range\", 3, 3]"));
    String policy = policy(later(), conditions.toArray(String[]::new));
    Form form = v4(now, policy).f("kEy", "v4/object");
    Answer a = post(bucket, form);
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    assertThat(a.body()).isEmpty();
    assertThat(a.headers().get("location")).isEqualTo(S3.endpoint() + "/" + bucket + "/v4/object");
    assertThat(a.headers().get("etag")).isEqualTo("\"" + md5("bar") + "\"");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("v4/object"))
        .asUtf8String()).isEqualTo("bar");

    // A signature over another policy is refused and stores nothing.
    Form forged = v4(now, policy(later(), conditions.toArray(String[]::new)));
    forged.fields.set(3, new String[] {"policy", policy(later().plusSeconds(1),
        conditions.toArray(String[]::new))});
    assertError(post(bucket, forged.f("key", "v4/forged")), 403, "SignatureDoesNotMatch",
        "<StringToSign>");
    assertAbsent("v4/forged");
  }

  @Test
  void successActionRedirectAndStatus() throws Exception {
    String redirect = "http://app.example/done?from=form";
    String policy = policy(later(), bucketIs(bucket), basic("r/"),
        "[\"eq\", \"$success_action_redirect\", \"" + redirect + "\"]");
    Answer a = post(bucket, v2(policy).f("key", "r/a b").f("success_action_redirect", redirect));
    assertThat(a.status()).as(a.body()).isEqualTo(303);
    assertThat(a.headers().get("location")).isEqualTo(redirect + "&bucket=" + bucket
        + "&key=r%2Fa%20b&etag=%22" + md5("bar") + "%22");

    for (String[] c : List.of(new String[] {"200", "200"}, new String[] {"201", "201"},
        new String[] {"404", "204"}, new String[] {"", "204"})) {
      String p = policy(later(), bucketIs(bucket), basic("s/"),
          "{\"success_action_status\": \"" + c[0] + "\"}");
      Answer s = post(bucket, v2(p).f("key", "s/status" + c[0])
          .f("success_action_status", c[0]));
      assertThat(s.status()).as("success_action_status %s: %s", c[0], s.body())
          .isEqualTo(Integer.parseInt(c[1]));
    }
  }

  @Test
  void eachConditionFailureIsAccessDeniedAndStoresNothing() throws IOException {
    // starts-with on the key
    assertError(post(bucket, v2(policy(later(), bucketIs(bucket), basic("allowed/")))
        .f("key", "other/x")), 403, "AccessDenied",
        "Invalid according to Policy: Policy Condition failed: [\"starts-with\",\"$key\",\"allowed/\"]");
    assertAbsent("other/x");
    // exact match on a field, in both spellings
    assertError(post(bucket, v2(policy(later(), bucketIs(bucket), basic(""),
        "[\"eq\", \"$x-amz-meta-foo\", \"\"]")).f("key", "c1").f("x-amz-meta-foo", "barclamp")),
        403, "AccessDenied", "Policy Condition failed: [\"eq\",\"$x-amz-meta-foo\",\"\"]");
    assertAbsent("c1");
    assertError(post(bucket, v2(policy(later(), bucketIs(bucket), basic(""),
        "{\"acl\": \"private\"}")).f("key", "c2").f("acl", "public-read")),
        403, "AccessDenied", "Policy Condition failed: {\"acl\":\"private\"}");
    assertAbsent("c2");
    // a field the policy requires but the form lacks
    assertError(post(bucket, v2(policy(later(), bucketIs(bucket), basic(""),
        "[\"starts-with\", \"$x-amz-meta-foo\", \"bar\"]")).f("key", "c3")),
        403, "AccessDenied", "Policy Condition failed");
    assertAbsent("c3");
    // a field no condition covers
    assertError(post(bucket, v2(policy(later(), bucketIs(bucket), basic("")))
        .f("key", "c4").f("x-amz-meta-extra", "1")),
        403, "AccessDenied", "Invalid according to Policy: Extra input fields: x-amz-meta-extra");
    assertAbsent("c4");
    // x-ignore-* fields need no condition
    assertThat(post(bucket, v2(policy(later(), bucketIs(bucket), basic("")))
        .f("key", "c5").f("x-ignore-foo", "bar")).status()).isEqualTo(204);
    // no bucket condition: the bucket is not covered
    assertError(post(bucket, v2(policy(later(), basic(""))).f("key", "c6")), 403,
        "AccessDenied", "Extra input fields: bucket");
    assertAbsent("c6");
    // the policy's bucket, posted to another bucket
    String other = S3.createBucket("post-other");
    assertError(post(other, v2(policy(later(), bucketIs(bucket), basic(""))).f("key", "c7")),
        403, "AccessDenied", "Policy Condition failed: {\"bucket\":\"" + bucket + "\"}");
    assertThat(S3.client().listObjectsV2(b -> b.bucket(other)).keyCount()).isZero();
  }

  @Test
  void contentLengthRangeAgainstTheFile() throws IOException {
    Path big = home.resolve("big.bin");
    byte[] data = new byte[3 << 20];
    new java.util.Random(7).nextBytes(data);
    Files.write(big, data);
    String upTo1MiB = policy(later(), bucketIs(bucket), basic(""),
        "[\"content-length-range\", 0, 1048576]");
    Answer tooLarge = post(bucket, v2(upTo1MiB).f("key", "len/big").file(big));
    assertError(tooLarge, 400, "EntityTooLarge", "<MaxSizeAllowed>1048576</MaxSizeAllowed>");
    assertAbsent("len/big");

    String zero = policy(later(), bucketIs(bucket), basic(""), "[\"content-length-range\", 0, 0]");
    assertError(post(bucket, v2(zero).f("key", "len/zero")), 400, "EntityTooLarge", "");
    assertAbsent("len/zero");

    String atLeast512 = policy(later(), bucketIs(bucket), basic(""),
        "[\"content-length-range\", 512, 1000]");
    assertError(post(bucket, v2(atLeast512).f("key", "len/small")), 400, "EntityTooSmall",
        "<MinSizeAllowed>512</MinSizeAllowed>");
    assertAbsent("len/small");

    // Within the range, a file larger than any buffer streams through.
    String upTo4MiB = policy(later(), bucketIs(bucket), basic(""),
        "[\"content-length-range\", 3145728, 4194304]");
    assertThat(post(bucket, v2(upTo4MiB).f("key", "len/ok").file(big)).status()).isEqualTo(204);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("len/ok")).asByteArray())
        .isEqualTo(data);
  }

  @Test
  void checksumAndContentMd5FieldsAreVerified() throws Exception {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("bar".getBytes(StandardCharsets.UTF_8));
    String crc32 = Base64.getEncoder().encodeToString(
        java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5")
        .digest("bar".getBytes(StandardCharsets.UTF_8)));
    String p = policy(later(), bucketIs(bucket), basic("sum/"),
        "[\"starts-with\", \"$x-amz-checksum-crc32\", \"\"]",
        "[\"starts-with\", \"$Content-MD5\", \"\"]");
    Answer ok = post(bucket, v2(p).f("key", "sum/ok").f("x-amz-checksum-crc32", crc32)
        .f("Content-MD5", md5));
    assertThat(ok.status()).as(ok.body()).isEqualTo(204);
    assertThat(ok.headers().get("x-amz-checksum-crc32")).isEqualTo(crc32);
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("sum/ok")
        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED))
        .checksumCRC32()).isEqualTo(crc32);

    assertError(post(bucket, v2(p).f("key", "sum/bad-crc").f("x-amz-checksum-crc32", "AAAAAA==")
        .f("Content-MD5", md5)), 400, "BadDigest", "");
    assertAbsent("sum/bad-crc");
    assertError(post(bucket, v2(p).f("key", "sum/bad-md5").f("x-amz-checksum-crc32", crc32)
        .f("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")), 400, "BadDigest", "");
    assertAbsent("sum/bad-md5");
  }

  /** Values are compared literally: a '$' in a value is no field reference (ceph s3-tests). */
  @Test
  void dollarsInValuesAreLiteral() {
    String p = policy(later(), bucketIs(bucket), "[\"starts-with\", \"$key\", \"\\\\$foo\"]");
    Answer a = postUnchecked(v2(p).f("key", "\\$foo.txt"));
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("\\$foo.txt"))
        .asUtf8String()).isEqualTo("bar");
  }

  private static Answer postUnchecked(Form f) {
    try {
      return post(bucket, f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void expiredPolicy() throws IOException {
    assertError(post(bucket, v2(policy(S3.clock().instant().minusSeconds(6000), bucketIs(bucket),
        basic(""))).f("key", "exp/past")), 403, "AccessDenied",
        "Invalid according to Policy: Policy expired.");
    assertAbsent("exp/past");
    // Valid now, expired once the clock has passed its expiration.
    Form form = v2(policy(S3.clock().instant().plusSeconds(60), bucketIs(bucket), basic("")))
        .f("key", "exp/later");
    S3.clock().advance(Duration.ofMinutes(2));
    assertError(post(bucket, form), 403, "AccessDenied", "Policy expired.");
    assertAbsent("exp/later");
  }

  @Test
  void malformedPoliciesAndForms() throws IOException {
    String ok = policy(later(), bucketIs(bucket), basic(""));
    // Malformed policy documents: 400 InvalidPolicyDocument.
    for (String[] c : List.of(
        new String[] {"{\"expiration\": \"2030-01-01 00:00:00+00:00\", \"conditions\": []}",
            "Invalid 'expiration' value"},
        new String[] {"{\"conditions\": [{\"bucket\": \"" + bucket + "\"}]}",
            "Policy missing expiration"},
        new String[] {"{\"EXPIRATION\": \"2030-01-01T00:00:00Z\", \"conditions\": []}",
            "Policy missing expiration"},
        new String[] {"{\"expiration\": \"2030-01-01T00:00:00Z\"}", "Policy missing conditions"},
        new String[] {"{\"expiration\": \"2030-01-01T00:00:00Z\", \"CONDITIONS\": []}",
            "Policy missing conditions"},
        new String[] {"{\"expiration\": \"2030-01-01T00:00:00Z\", \"conditions\": [{}]}",
            "Simple-Conditions must have exactly one property"},
        new String[] {"{\"expiration\": \"2030-01-01T00:00:00Z\", \"conditions\": [[\"content-length-range\", 0]]}",
            "content-length-range"},
        new String[] {"{\"expiration\": \"2030-01-01T00:00:00Z\", \"conditions\": [[\"content-length-range\", -1, 0]]}",
            "content-length-range"},
        new String[] {"{\"expiration\": \"2030-01-01T00:00:00Z\", \"conditions\": [[\"matches\", \"$key\", \"x\"]]}",
            "unknown operator 'matches'"},
        new String[] {"not json", "Invalid JSON"})) {
      assertError(post(bucket, v2(base64(c[0])).f("key", "bad/policy")), 400,
          "InvalidPolicyDocument", c[1]);
    }
    assertAbsent("bad/policy");

    // Missing fields: 400 InvalidArgument naming the field.
    assertError(post(bucket, v2(ok)), 400, "InvalidArgument",
        "Bucket POST must contain a field named 'key'");
    assertError(post(bucket, new Form().f("AWSAccessKeyId", S3.credentials().accessKeyId())
        .f("policy", ok).f("key", "k")), 400, "InvalidArgument", "field named 'Signature'");
    assertError(post(bucket, new Form().f("policy", ok).f("key", "k")), 400, "InvalidArgument",
        "field named 'AWSAccessKeyId'");
    assertError(post(bucket, v2(ok).f("key", "nofile").file(null)), 400, "InvalidArgument",
        "exactly one file upload");
    assertAbsent("nofile");

    // Wrong credentials: 403.
    Form badSig = v2(ok).f("key", "bad/sig");
    badSig.fields.set(2, new String[] {"signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="});
    assertError(post(bucket, badSig), 403, "SignatureDoesNotMatch", "");
    Form badKey = v2(ok).f("key", "bad/key");
    badKey.fields.set(0, new String[] {"AWSAccessKeyId", "NOSUCHKEY"});
    assertError(post(bucket, badKey), 403, "InvalidAccessKeyId", "");
    assertAbsent("bad/sig");
    assertAbsent("bad/key");

    // Form fields before the file are limited to 20 KB.
    assertError(post(bucket, v2(ok).f("key", "big/field").f("x-ignore-pad", "x".repeat(30_000))),
        400, "MaxPostPreDataLengthExceededError", "");
    assertAbsent("big/field");
  }

  @Test
  void unsignedAndUnauthorisedPostsAreRefused() throws IOException {
    // No policy and no signature: anonymous, which this bucket's policy and ACL do not allow.
    assertError(post(bucket, new Form().f("key", "anon").f("Content-Type", "text/plain")), 403,
        "AccessDenied", "anonymous request: s3:PutObject");
    assertAbsent("anon");
    // A correctly signed form of a user without write permission on the bucket.
    String ok = policy(later(), bucketIs(bucket), basic(""));
    assertError(post(bucket, v2(S3TestServer.READER, ok).f("key", "reader")), 403,
        "AccessDenied", "user 'reader': s3:PutObject");
    assertAbsent("reader");
  }

  @Test
  void anAnonymousFormIsStoredWhereABucketPolicyAllowsAnonymousWrites() throws IOException {
    String open = S3.createBucket("post-open");
    S3.client().putBucketPolicy(b -> b.bucket(open).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + open + "/drop/*\"}]}"));
    Answer a = post(open, new Form().f("key", "drop/${filename}").f("Content-Type", "text/plain")
        .f("acl", "public-read").fileName("anon.txt"));
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(open).key("drop/anon.txt"))
        .asUtf8String()).isNotNull();
    // The form's acl field is applied as x-amz-acl is on PutObject.
    assertThat(S3.client().getObjectAcl(b -> b.bucket(open).key("drop/anon.txt")).grants())
        .anySatisfy(g -> assertThat(g.grantee().uri()).endsWith("/AllUsers"));
    // Outside the prefix the policy names, still refused.
    assertError(post(open, new Form().f("key", "elsewhere.txt")), 403, "AccessDenied",
        "anonymous request: s3:PutObject");
  }

  @Test
  void notMultipartIsRefused() {
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(1), "/usr/bin/curl",
        "-sS", "-w", "\n%{http_code}", "-H", "Content-Type: application/x-www-form-urlencoded",
        "--data", "key=x&policy=y", S3.endpoint() + "/" + bucket).ok();
    assertThat(r.stdout()).contains("<Code>RequestIsNotMultiPartContent</Code>").endsWith("\n400");
  }
}

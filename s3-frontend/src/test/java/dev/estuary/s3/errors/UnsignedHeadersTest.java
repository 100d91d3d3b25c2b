package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Every request this frontend implements, correctly signed, sent once more with one {@code
 * x-amz-*} header the signature does not cover: each must answer 403 AccessDenied "There were
 * headers present in the request which were not signed" (HeadersNotSigned naming it) and change
 * nothing, while the same request without the added header succeeds (the control that shows the
 * request itself was valid). An added header would otherwise change what the signer agreed to:
 * metadata, tags, a copy source.
 */
class UnsignedHeadersTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  /** The state every case starts from. */
  private record Fixture(String bucket, String empty, String fresh, String uploadId,
      String partEtag) {}

  /** One request: method, encoded path, query, signed headers, body. */
  private record Req(String method, String path, Map<String, String> query,
      Map<String, String> headers, byte[] body) {}

  private static Req req(String method, String path, Map<String, String> query) {
    return new Req(method, path, query, Map.of(), new byte[0]);
  }

  private static Req req(String method, String path, Map<String, String> query,
      Map<String, String> headers, String body) {
    return new Req(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static final String CORS = "<CORSConfiguration><CORSRule><AllowedOrigin>https://x.example"
      + "</AllowedOrigin><AllowedMethod>PUT</AllowedMethod></CORSRule></CORSConfiguration>";

  static Stream<Arguments> operations() {
    Map<String, Function<Fixture, Req>> ops = new LinkedHashMap<>();
    ops.put("PutObject", f -> req("PUT", RawS3.path(f.bucket(), "obj"), Map.of(), Map.of(),
        "new content"));
    ops.put("PutObject (new key)", f -> req("PUT", RawS3.path(f.bucket(), "other"), Map.of(),
        Map.of(), "new content"));
    ops.put("GetObject", f -> req("GET", RawS3.path(f.bucket(), "obj"), Map.of()));
    ops.put("GetObject ?partNumber", f -> req("GET", RawS3.path(f.bucket(), "obj"),
        Map.of("partNumber", "1")));
    ops.put("HeadObject", f -> req("HEAD", RawS3.path(f.bucket(), "obj"), Map.of()));
    ops.put("DeleteObject", f -> req("DELETE", RawS3.path(f.bucket(), "obj"), Map.of()));
    ops.put("CopyObject", f -> req("PUT", RawS3.path(f.bucket(), "copy"), Map.of(),
        Map.of("x-amz-copy-source", "/" + f.bucket() + "/src"), ""));
    ops.put("CreateMultipartUpload", f -> req("POST", RawS3.path(f.bucket(), "mp2"),
        Map.of("uploads", "")));
    ops.put("UploadPart", f -> req("PUT", RawS3.path(f.bucket(), "mpu"),
        Map.of("partNumber", "2", "uploadId", f.uploadId()), Map.of(), "second part"));
    ops.put("UploadPartCopy", f -> req("PUT", RawS3.path(f.bucket(), "mpu"),
        Map.of("partNumber", "2", "uploadId", f.uploadId()),
        Map.of("x-amz-copy-source", "/" + f.bucket() + "/src"), ""));
    ops.put("CompleteMultipartUpload", f -> req("POST", RawS3.path(f.bucket(), "mpu"),
        Map.of("uploadId", f.uploadId()), Map.of(),
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + f.partEtag()
            + "</ETag></Part></CompleteMultipartUpload>"));
    ops.put("AbortMultipartUpload", f -> req("DELETE", RawS3.path(f.bucket(), "mpu"),
        Map.of("uploadId", f.uploadId())));
    ops.put("ListParts", f -> req("GET", RawS3.path(f.bucket(), "mpu"),
        Map.of("uploadId", f.uploadId())));
    ops.put("ListMultipartUploads", f -> req("GET", RawS3.path(f.bucket(), ""),
        Map.of("uploads", "")));
    ops.put("ListObjects", f -> req("GET", RawS3.path(f.bucket(), ""), Map.of()));
    ops.put("ListObjectsV2", f -> req("GET", RawS3.path(f.bucket(), ""),
        Map.of("list-type", "2")));
    ops.put("ListObjectVersions", f -> req("GET", RawS3.path(f.bucket(), ""),
        Map.of("versions", "")));
    ops.put("PutObjectTagging", f -> req("PUT", RawS3.path(f.bucket(), "obj"),
        Map.of("tagging", ""), Map.of(),
        "<Tagging><TagSet><Tag><Key>t</Key><Value>changed</Value></Tag></TagSet></Tagging>"));
    ops.put("GetObjectTagging", f -> req("GET", RawS3.path(f.bucket(), "obj"),
        Map.of("tagging", "")));
    ops.put("DeleteObjectTagging", f -> req("DELETE", RawS3.path(f.bucket(), "obj"),
        Map.of("tagging", "")));
    ops.put("PutBucketCors", f -> req("PUT", RawS3.path(f.bucket(), ""), Map.of("cors", ""),
        Map.of(), CORS));
    ops.put("GetBucketCors", f -> req("GET", RawS3.path(f.bucket(), ""), Map.of("cors", "")));
    ops.put("DeleteBucketCors", f -> req("DELETE", RawS3.path(f.bucket(), ""),
        Map.of("cors", "")));
    ops.put("CreateBucket", f -> req("PUT", RawS3.path(f.fresh(), ""), Map.of()));
    ops.put("DeleteBucket", f -> req("DELETE", RawS3.path(f.empty(), ""), Map.of()));
    ops.put("HeadBucket", f -> req("HEAD", RawS3.path(f.bucket(), ""), Map.of()));
    ops.put("GetBucketLocation", f -> req("GET", RawS3.path(f.bucket(), ""),
        Map.of("location", "")));
    ops.put("GetBucketVersioning", f -> req("GET", RawS3.path(f.bucket(), ""),
        Map.of("versioning", "")));
    ops.put("GetBucketAcl", f -> req("GET", RawS3.path(f.bucket(), ""), Map.of("acl", "")));
    ops.put("GetObjectAcl", f -> req("GET", RawS3.path(f.bucket(), "obj"), Map.of("acl", "")));
    ops.put("DeleteObjects", f -> req("POST", RawS3.path(f.bucket(), ""), Map.of("delete", ""),
        Map.of(), "<Delete><Object><Key>obj</Key></Object><Object><Key>src</Key></Object>"
            + "</Delete>"));
    ops.put("ListBuckets", f -> req("GET", "/", Map.of()));
    List<Arguments> out = new ArrayList<>();
    ops.forEach((name, op) -> out.add(Arguments.of(name, op, "x-amz-meta-unsigned", "1")));
    // What an attacker would add to specific requests.
    out.add(Arguments.of("PutObject", ops.get("PutObject"), "x-amz-tagging", "t=stolen"));
    out.add(Arguments.of("PutObject", ops.get("PutObject"), "x-amz-copy-source",
        "/{bucket}/src"));
    out.add(Arguments.of("PutObject", ops.get("PutObject"), "x-amz-metadata-directive",
        "REPLACE"));
    out.add(Arguments.of("CopyObject", ops.get("CopyObject"), "x-amz-metadata-directive",
        "REPLACE"));
    out.add(Arguments.of("CopyObject", ops.get("CopyObject"), "x-amz-tagging-directive",
        "REPLACE"));
    out.add(Arguments.of("CreateMultipartUpload", ops.get("CreateMultipartUpload"),
        "x-amz-tagging", "t=stolen"));
    out.add(Arguments.of("DeleteObject", ops.get("DeleteObject"), "x-amz-bypass-governance-retention",
        "true"));
    return out.stream();
  }

  @ParameterizedTest(name = "{0} + unsigned {2}")
  @MethodSource("operations")
  void anUnsignedAmzHeaderIsRefusedAndChangesNothing(String name, Function<Fixture, Req> op,
      String header, String value) {
    Fixture f = fixture();
    Req r = op.apply(f);
    String before = fingerprint(f);
    RawS3.Response refused = S3.raw().sendWithUnsigned(r.method(), r.path(), r.query(),
        r.headers(), Map.of(header, value.replace("{bucket}", f.bucket())), r.body());
    assertThat(refused.status()).as("%s with unsigned %s: %s", name, header, refused.text())
        .isEqualTo(403);
    if (!r.method().equals("HEAD")) {
      ErrorXml x = assertError(refused, 403, "AccessDenied");
      assertThat(x.message())
          .isEqualTo("There were headers present in the request which were not signed");
      assertThat(x.xml()).contains("<HeadersNotSigned>" + header + "</HeadersNotSigned>");
    }
    assertThat(fingerprint(f)).as("state after %s with unsigned %s", name, header)
        .isEqualTo(before);

    // The control: the same request as signed succeeds.
    RawS3.Response ok = S3.raw().send(r.method(), r.path(), r.query(), r.headers(), r.body());
    assertThat(ok.status()).as("%s as signed: %s", name, ok.text()).isBetween(200, 299);
  }

  @Test
  void presignedPutWithAnAddedCopySourceCopiesNothing() {
    // The attack from issue 8: an upload link for one key, used to copy a secret into it.
    S3Client s3 = S3.client();
    String bucket = S3.createBucket("presign-copy");
    s3.putObject(b -> b.bucket(bucket).key("secret/doc.txt"), RequestBody.fromString("secret"));
    URI put = S3.raw().presign("PUT", RawS3.path(bucket, "upload.txt"), Duration.ofMinutes(5),
        S3.clock());
    RawS3.Response r = S3.raw().plain("PUT", put,
        Map.of("x-amz-copy-source", "/" + bucket + "/secret/doc.txt"), new byte[0]);
    ErrorXml x = assertError(r, 403, "AccessDenied");
    assertThat(x.xml()).contains("<HeadersNotSigned>x-amz-copy-source</HeadersNotSigned>");
    assertThat(r.text()).doesNotContain("secret</");
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(o -> o.key()).containsExactly("secret/doc.txt");
    // Metadata and tags may not ride along either; the link itself still works.
    for (String h : List.of("x-amz-meta-a", "x-amz-tagging", "x-amz-storage-class")) {
      assertError(S3.raw().plain("PUT", put, Map.of(h, "x"), "body".getBytes()), 403,
          "AccessDenied");
    }
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
    RawS3.Response ok = S3.raw().plain("PUT", put, Map.of(), "uploaded".getBytes());
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("upload.txt")).asUtf8String())
        .isEqualTo("uploaded");
  }

  @Test
  void headerSignedPutWithUnsignedMetadataAndTaggingStoresNothing() {
    S3Client s3 = S3.client();
    String bucket = S3.createBucket("unsigned-meta");
    RawS3.Response r = S3.raw().sendWithUnsigned("PUT", RawS3.path(bucket, "k"), Map.of(),
        Map.of("x-amz-meta-signed", "yes"),
        Map.of("x-amz-meta-added", "no", "x-amz-tagging", "a=b"), "v".getBytes());
    ErrorXml x = assertError(r, 403, "AccessDenied");
    assertThat(x.xml()).contains("<HeadersNotSigned>x-amz-meta-added, x-amz-tagging"
        + "</HeadersNotSigned>");
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }

  /** A bucket with two objects (metadata, a tag), a multipart upload with one part, CORS. */
  private static Fixture fixture() {
    S3Client s3 = S3.client();
    String bucket = S3.createBucket("unsigned");
    s3.putObject(b -> b.bucket(bucket).key("obj").metadata(Map.of("m", "1"))
        .tagging("t=1"), RequestBody.fromString("original"));
    s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("source"));
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mpu")).uploadId();
    String etag = s3.uploadPart(b -> b.bucket(bucket).key("mpu").uploadId(id).partNumber(1),
        RequestBody.fromString("first part")).eTag();
    s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
        rule -> rule.allowedOrigins("https://a.example").allowedMethods("GET"))));
    return new Fixture(bucket, S3.createBucket("unsigned-empty"), S3.newBucketName("unsigned-new"),
        id, etag);
  }

  /** Everything a request could change, as one comparable string. */
  private static String fingerprint(Fixture f) {
    S3Client s3 = S3.client();
    Map<String, Object> state = new TreeMap<>();
    List<String> buckets = s3.listBuckets().buckets().stream().map(b -> b.name())
        .filter(n -> n.equals(f.bucket()) || n.equals(f.empty()) || n.equals(f.fresh()))
        .sorted().toList();
    state.put("buckets", buckets);
    s3.listObjectsV2Paginator(b -> b.bucket(f.bucket())).contents().forEach(o -> {
      var got = s3.getObjectAsBytes(b -> b.bucket(f.bucket()).key(o.key()));
      List<Tag> tags = s3.getObjectTagging(b -> b.bucket(f.bucket()).key(o.key())).tagSet();
      state.put("object " + o.key(), sha(got.asByteArray()) + " " + got.response().eTag() + " "
          + new TreeMap<>(got.response().metadata()) + " " + got.response().contentType() + " "
          + tags.stream().map(t -> t.key() + "=" + t.value()).sorted().toList());
    });
    s3.listMultipartUploads(b -> b.bucket(f.bucket())).uploads().forEach(u ->
        state.put("upload " + u.key() + " " + u.uploadId(), s3.listParts(b -> b
            .bucket(f.bucket()).key(u.key()).uploadId(u.uploadId())).parts().stream()
            .map(p -> p.partNumber() + ":" + p.eTag() + ":" + p.size()).toList()));
    state.put("cors", s3.getBucketCors(b -> b.bucket(f.bucket())).corsRules().toString());
    state.put("volume", S3.volumes().walk(f.bucket()));
    return state.toString();
  }

  private static String sha(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

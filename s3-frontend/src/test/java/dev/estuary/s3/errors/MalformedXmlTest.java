package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Request bodies that are not the XML an operation expects answer 400 MalformedXML and change
 * nothing: DeleteObjects, CompleteMultipartUpload, PutObjectTagging, CreateBucket.
 */
class MalformedXmlTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static Map<String, String> md5(byte[] body) {
    // DeleteObjects requires Content-MD5 (or an x-amz-checksum-*), so a malformed body still
    // carries a correct one: only the XML is wrong.
    return Map.of("Content-MD5", Checksums.contentMd5(body), "Content-Type", "application/xml");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<Delete><Object><Key>a</Key></Object>",
      "this is not xml",
      "<Delete><Object><Key>a</Key></Object></Remove>",
      "<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>x",
  })
  void deleteObjects(String xml) {
    String bucket = S3.createBucket("badxml-del");
    S3.client().putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("a"));
    Leftovers before = Leftovers.snapshot(S3, bucket);
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    RawS3.Response r = S3.raw().send("POST", "/" + bucket, Map.of("delete", ""), md5(body), body);
    assertError(r, 400, "MalformedXML");
    before.assertUnchanged(S3, "DeleteObjects with malformed XML");
  }

  @Test
  void completeMultipartUpload() {
    String bucket = S3.createBucket("badxml-mpu");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String id = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("obj")).uploadId();
    String etag = S3.client().uploadPart(b -> b.bucket(bucket).key("obj").uploadId(id)
        .partNumber(1), RequestBody.fromString("part one")).eTag();
    // The upload in progress may keep its parts in the volume; the failed Complete must not
    // change that state, and the abort must remove it.
    Leftovers during = Leftovers.snapshot(S3, bucket);
    byte[] body = ("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + etag
        + "</ETag></Part>").getBytes(StandardCharsets.UTF_8);
    RawS3.Response r = S3.raw().send("POST", RawS3.path(bucket, "obj"), Map.of("uploadId", id),
        Map.of("Content-Type", "application/xml"), body);
    assertError(r, 400, "MalformedXML");
    during.assertUnchanged(S3, "CompleteMultipartUpload with malformed XML");

    // The upload is still there and can be aborted; then nothing at all remains.
    assertThat(S3.client().listParts(b -> b.bucket(bucket).key("obj").uploadId(id)).parts())
        .hasSize(1);
    S3.client().abortMultipartUpload(b -> b.bucket(bucket).key("obj").uploadId(id));
    before.assertUnchanged(S3, "abort");
  }

  @Test
  void putObjectTagging() {
    String bucket = S3.createBucket("badxml-tag");
    S3.client().putObject(b -> b.bucket(bucket).key("t"), RequestBody.fromString("t"));
    byte[] body = "<Tagging><TagSet><Tag><Key>k</Key>".getBytes(StandardCharsets.UTF_8);
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "t"), Map.of("tagging", ""),
        md5(body), body);
    assertError(r, 400, "MalformedXML");
  }

  @Test
  void createBucketCreatesNothing() {
    String bucket = S3.newBucketName("badxml-create");
    byte[] body = "<CreateBucketConfiguration><LocationConstraint>"
        .getBytes(StandardCharsets.UTF_8);
    RawS3.Response r = S3.raw().send("PUT", "/" + bucket, Map.of(), Map.of(), body);
    assertError(r, 400, "MalformedXML");
    assertThat(S3.volumes().bucketExists(bucket)).isFalse();
  }
}

package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DESIGN §2: keys are paths in the volume. Files written by another protocol are objects with a
 * strong, stable ETag; directories appear as common prefixes; keys that cannot be paths are
 * refused with a clear error and leave nothing behind.
 */
class NamespaceMappingTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void aFileWrittenThroughTheVolumeIsAnObject() {
    String bucket = S3.createBucket("ns-file");
    byte[] data = TestData.bytes(12_345, 70);
    S3.volumes().writeFile(bucket, "smb/share/report.bin", data);

    ListObjectsV2Response l = S3.client().listObjectsV2(b -> b.bucket(bucket));
    assertThat(l.contents()).singleElement().satisfies(o -> {
      assertThat(o.key()).isEqualTo("smb/share/report.bin");
      assertThat(o.size()).isEqualTo(data.length);
    });
    String listed = l.contents().get(0).eTag();

    var h1 = S3.client().headObject(b -> b.bucket(bucket).key("smb/share/report.bin"));
    var h2 = S3.client().headObject(b -> b.bucket(bucket).key("smb/share/report.bin"));
    assertThat(h1.eTag()).startsWith("\"").endsWith("\"").isEqualTo(h2.eTag()).isEqualTo(listed);
    assertThat(h1.contentLength()).isEqualTo(data.length);
    var g = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("smb/share/report.bin"));
    assertThat(g.asByteArray()).isEqualTo(data);
    assertThat(g.response().eTag()).isEqualTo(h1.eTag());

    // A strong validator: a conditional GET with it is answered 304.
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("smb/share/report.bin").ifNoneMatch(h1.eTag())))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
  }

  @Test
  void changingTheFileThroughTheVolumeChangesTheETag() {
    String bucket = S3.createBucket("ns-change");
    S3.volumes().writeFile(bucket, "f.txt", "one".getBytes());
    String before = S3.client().headObject(b -> b.bucket(bucket).key("f.txt")).eTag();
    S3.volumes().writeFile(bucket, "f.txt", "two!".getBytes());
    var after = S3.client().headObject(b -> b.bucket(bucket).key("f.txt"));
    assertThat(after.eTag()).isNotEqualTo(before);
    assertThat(after.contentLength()).isEqualTo(4);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("f.txt")).asUtf8String())
        .isEqualTo("two!");
  }

  @Test
  void anObjectPutThroughS3IsAFileInTheVolume() {
    String bucket = S3.createBucket("ns-put");
    S3.client().putObject(b -> b.bucket(bucket).key("p/q/r.txt"), RequestBody.fromString("r"));
    assertThat(S3.volumes().walk(bucket)).containsExactly("p/", "p/q/", "p/q/r.txt");
    assertThat(S3.volumes().read(bucket, "p/q/r.txt")).hasValueSatisfying(
        v -> assertThat(new String(v)).isEqualTo("r"));
  }

  @Test
  void directoriesAppearAsCommonPrefixes() {
    String bucket = S3.createBucket("ns-dirs");
    S3.volumes().mkdirs(bucket, "empty/inner");
    S3.volumes().writeFile(bucket, "full/x", "x".getBytes());

    ListObjectsV2Response root = S3.client().listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
    assertThat(root.commonPrefixes()).extracting(CommonPrefix::prefix)
        .containsExactly("empty/", "full/");
    assertThat(root.contents()).isEmpty();

    ListObjectsV2Response inner = S3.client().listObjectsV2(b -> b.bucket(bucket)
        .prefix("empty/").delimiter("/"));
    assertThat(inner.commonPrefixes()).extracting(CommonPrefix::prefix)
        .containsExactly("empty/inner/");

    ListObjectsV2Response flat = S3.client().listObjectsV2(b -> b.bucket(bucket));
    assertThat(flat.contents()).extracting(S3Object::key).containsExactly("full/x");
  }

  @Test
  void folderMarkersBecomeDirectories() {
    // Consoles and sync tools create "folder/" as a zero-length object; here it is the directory.
    String bucket = S3.createBucket("ns-marker");
    S3.client().putObject(b -> b.bucket(bucket).key("folder/"), RequestBody.empty());
    assertThat(S3.volumes().walk(bucket)).containsExactly("folder/");
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes())
        .extracting(CommonPrefix::prefix).containsExactly("folder/");
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("folder/")).contentLength())
        .isZero();

    S3.client().deleteObject(b -> b.bucket(bucket).key("folder/"));
    assertThat(S3.volumes().walk(bucket)).isEmpty();
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes())
        .isEmpty();
  }

  @Test
  void keysThatCannotBePathsAreRefusedAndLeaveNothing() {
    String bucket = S3.createBucket("ns-refuse");
    S3.client().putObject(b -> b.bucket(bucket).key("f"), RequestBody.fromString("file f"));
    S3.client().putObject(b -> b.bucket(bucket).key("d/x"), RequestBody.fromString("d/x"));
    List<String> before = S3.volumes().walk(bucket);

    List<String> unmappable = List.of(
        "a//b",          // empty segment
        "a/./b",         // "." segment
        "./a",
        "a/.",
        "f/x",           // under an existing object
        "f/deeper/x",
        "d",             // an object where a directory is
        "x".repeat(256)  // one segment longer than a file name can be
    );
    RawS3 raw = S3.raw();
    for (String key : unmappable) {
      String path = "/" + bucket + "/" + key;
      RawS3.Response r = raw.send("PUT", path, Map.of(), Map.of(), "payload".getBytes());
      assertThat(r.status()).as("PUT '%s': %s", key, r.text()).isBetween(400, 499);
      ErrorXml x = r.error();
      assertThat(x.complete()).as(x.xml()).isTrue();
      assertThat(S3.volumes().walk(bucket)).as("after PUT '%s'", key).isEqualTo(before);
    }
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("f")).asUtf8String())
        .isEqualTo("file f");
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(S3Object::key).containsExactly("d/x", "f");
  }

  @Test
  void aMultipartUploadToAnUnmappableKeyLeavesNothing() {
    String bucket = S3.createBucket("ns-refuse-mpu");
    S3.client().putObject(b -> b.bucket(bucket).key("f"), RequestBody.fromString("f"));
    List<String> before = S3.volumes().walk(bucket);
    // Refused at CreateMultipartUpload or at the latest at Complete; either way nothing remains.
    try {
      String id = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("f/under"))
          .uploadId();
      var p = S3.client().uploadPart(b -> b.bucket(bucket).key("f/under").uploadId(id)
          .partNumber(1), RequestBody.fromString("part"));
      assertThatThrownBy(() -> S3.client().completeMultipartUpload(b -> b.bucket(bucket)
          .key("f/under").uploadId(id).multipartUpload(m -> m.parts(
              software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1)
                  .eTag(p.eTag()).build()))))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.statusCode()).isBetween(400, 499));
      S3.client().abortMultipartUpload(b -> b.bucket(bucket).key("f/under").uploadId(id));
    } catch (S3Exception e) {
      assertThat(e.statusCode()).isBetween(400, 499);
    }
    assertThat(S3.volumes().walk(bucket)).isEqualTo(before);
  }
}

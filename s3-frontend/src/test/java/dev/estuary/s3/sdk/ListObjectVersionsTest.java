package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * ListObjectVersions of a bucket that was never versioned: every object is its one current
 * version, with version id {@code null} (S3 User Guide, "Versioning": objects stored before
 * versioning was enabled have the version ID null), and no delete markers.
 */
class ListObjectVersionsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void everyObjectIsItsNullVersion() {
    String bucket = S3.createBucket("versions");
    for (String k : new String[] {"a", "d/b", "d/c"}) {
      S3.client().putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
    }
    var r = S3.client().listObjectVersions(b -> b.bucket(bucket));
    assertThat(r.versions()).extracting(ObjectVersion::key).containsExactly("a", "d/b", "d/c");
    assertThat(r.versions()).allSatisfy(v -> {
      assertThat(v.versionId()).isEqualTo("null");
      assertThat(v.isLatest()).isTrue();
      assertThat(v.eTag()).isEqualTo(Checksums.etag(v.key().getBytes()));
    });
    assertThat(r.deleteMarkers()).isEmpty();

    var d = S3.client().listObjectVersions(b -> b.bucket(bucket).prefix("d/").delimiter("/"));
    assertThat(d.versions()).extracting(ObjectVersion::key).containsExactly("d/b", "d/c");
    var top = S3.client().listObjectVersions(b -> b.bucket(bucket).delimiter("/"));
    assertThat(top.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("d/");
  }

  @Test
  void theNullVersionCanBeReadByItsId() {
    String bucket = S3.createBucket("versions-get");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId("null"))
        .asUtf8String()).isEqualTo("v");
  }
}

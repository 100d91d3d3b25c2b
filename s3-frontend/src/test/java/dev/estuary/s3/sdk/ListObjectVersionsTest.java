package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * ListObjectVersions. A bucket that was never versioned: every object is its one current version,
 * with version id {@code null} (S3 User Guide, "Versioning": objects stored before versioning was
 * enabled have the version ID null), and no delete markers. A versioned bucket: each key's
 * versions and delete markers newest first, the latest flagged, keys whose latest version is a
 * marker included, paged by key-marker and version-id-marker.
 */
class ListObjectVersionsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static String versioned(String purpose) {
    String bucket = S3.createBucket(purpose);
    setState(bucket, software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED);
    return bucket;
  }

  private static void setState(String bucket,
      software.amazon.awssdk.services.s3.model.BucketVersioningStatus s) {
    S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status(s)));
  }

  private static String put(String bucket, String key, String body) {
    return S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body))
        .versionId();
  }

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

  @Test
  void versionsAndMarkersNewestFirstWithTheLatestFlagged() {
    String bucket = versioned("versions-list");
    String a1 = put(bucket, "a", "a1");
    String a2 = put(bucket, "a", "a2");
    String b1 = put(bucket, "d/b", "b1");
    String bm = S3.client().deleteObject(x -> x.bucket(bucket).key("d/b")).versionId();
    String c1 = put(bucket, "d/c", "c1");
    var r = S3.client().listObjectVersions(x -> x.bucket(bucket));
    assertThat(r.versions()).extracting(ObjectVersion::key, ObjectVersion::versionId,
        ObjectVersion::isLatest).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", a2, true),
            org.assertj.core.groups.Tuple.tuple("a", a1, false),
            org.assertj.core.groups.Tuple.tuple("d/b", b1, false),
            org.assertj.core.groups.Tuple.tuple("d/c", c1, true));
    assertThat(r.versions().get(1).eTag()).isEqualTo(Checksums.etag("a1".getBytes()));
    assertThat(r.versions().get(1).size()).isEqualTo(2);
    assertThat(r.deleteMarkers()).singleElement().satisfies(m -> {
      assertThat(m.key()).isEqualTo("d/b");
      assertThat(m.versionId()).isEqualTo(bm);
      assertThat(m.isLatest()).isTrue();
    });
    assertThat(r.isTruncated()).isFalse();

    // A key whose latest version is a delete marker still counts under its prefix.
    var top = S3.client().listObjectVersions(x -> x.bucket(bucket).delimiter("/"));
    assertThat(top.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("d/");
    assertThat(top.versions()).extracting(ObjectVersion::key).containsExactly("a", "a");
    S3.client().deleteObject(x -> x.bucket(bucket).key("d/c").versionId(c1));
    var onlyMarker = S3.client().listObjectVersions(x -> x.bucket(bucket).prefix("d/")
        .delimiter("/"));
    assertThat(onlyMarker.versions()).extracting(ObjectVersion::key).containsExactly("d/b");
    assertThat(onlyMarker.deleteMarkers()).hasSize(1);
    assertThat(S3.client().listObjectVersions(x -> x.bucket(bucket).delimiter("/"))
        .commonPrefixes()).extracting(p -> p.prefix()).containsExactly("d/");
  }

  @Test
  void pagesSplitAKeysVersionsAndResumeByVersionIdMarker() {
    String bucket = versioned("versions-pages");
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (String k : new String[] {"k1", "k2"}) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(0, k + "@" + put(bucket, k, k + i));
      }
      expected.addAll(ids);
    }
    java.util.List<String> seen = new java.util.ArrayList<>();
    String keyMarker = null;
    String versionMarker = null;
    int pages = 0;
    while (true) {
      String km = keyMarker;
      String vm = versionMarker;
      var r = S3.client().listObjectVersions(x -> x.bucket(bucket).maxKeys(2).keyMarker(km)
          .versionIdMarker(vm));
      pages++;
      r.versions().forEach(o -> seen.add(o.key() + "@" + o.versionId()));
      if (!r.isTruncated()) {
        break;
      }
      keyMarker = r.nextKeyMarker();
      versionMarker = r.nextVersionIdMarker();
      assertThat(versionMarker).isEqualTo(r.versions().get(r.versions().size() - 1).versionId());
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void nullVersionsTakeTheirPlaceInHistory() {
    String bucket = S3.createBucket("versions-null");
    put(bucket, "k", "before");
    setState(bucket,
        software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED);
    String v1 = put(bucket, "k", "one");
    setState(bucket,
        software.amazon.awssdk.services.s3.model.BucketVersioningStatus.SUSPENDED);
    put(bucket, "k", "suspended");
    // The suspended PUT replaced the old null version and is the latest.
    var r = S3.client().listObjectVersions(x -> x.bucket(bucket));
    assertThat(r.versions()).extracting(ObjectVersion::versionId, ObjectVersion::isLatest)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("null", true),
            org.assertj.core.groups.Tuple.tuple(v1, false));
    setState(bucket,
        software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED);
    String v3 = put(bucket, "k", "three");
    setState(bucket,
        software.amazon.awssdk.services.s3.model.BucketVersioningStatus.SUSPENDED);
    put(bucket, "k", "n3");
    assertThat(S3.client().listObjectVersions(x -> x.bucket(bucket)).versions())
        .extracting(ObjectVersion::versionId).containsExactly("null", v3, v1);
  }

  @Test
  void aVersionIdMarkerNeedsItsKeyMarker() {
    String bucket = versioned("versions-marker");
    var e = (software.amazon.awssdk.services.s3.model.S3Exception)
        org.assertj.core.api.Assertions.catchThrowable(() -> S3.client().listObjectVersions(
            x -> x.bucket(bucket).versionIdMarker("null")));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
  }
}

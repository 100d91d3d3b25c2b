package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.testing.S3TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.MFADelete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * S3 versioning through the SDK: the bucket state, version ids on every write, reads, copies and
 * tagging by version, delete markers and their headers, {@code null} versions and suspended
 * buckets (S3 User Guide, "Retaining multiple versions of objects with S3 Versioning"; status
 * codes as the ceph s3-tests {@code test_versioning_*} expect).
 */
class VersioningTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final String ID = "[0-9a-f]{32}";

  static String versioned(String purpose) {
    String bucket = S3.createBucket(purpose);
    setState(bucket, BucketVersioningStatus.ENABLED);
    return bucket;
  }

  static void setState(String bucket, BucketVersioningStatus s) {
    S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status(s)));
  }

  static String put(String bucket, String key, String body) {
    PutObjectResponse r = S3.client().putObject(b -> b.bucket(bucket).key(key),
        RequestBody.fromString(body));
    return r.versionId();
  }

  static String get(String bucket, String key, String versionId) {
    return S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId))
        .asUtf8String();
  }

  /** What a file protocol lists at the root of a bucket's volume (reserved entries hidden). */
  static List<String> rootListing(String bucket) {
    Volume v = S3.dfs().orElseThrow().volume(bucket);
    return v.readdir(v.root(), DirCursor.START, 1000, false).entries().stream()
        .map(DirEntry::name).toList();
  }

  /** The paths of the whole volume outside the reserved areas. */
  static List<String> visible(String bucket) {
    return S3.volumes().walk(bucket).stream().filter(p -> !ReservedNames.isReservedPath(p))
        .toList();
  }

  static String header(S3Exception e, String name) {
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(name).orElse(null);
  }

  @Test
  void theStateIsStoredAndReported() {
    String bucket = S3.createBucket("state");
    S3Client s3 = S3.client();
    assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
    setState(bucket, BucketVersioningStatus.ENABLED);
    assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    setState(bucket, BucketVersioningStatus.SUSPENDED);
    assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.SUSPENDED);
  }

  @Test
  void mfaDeleteAndUnknownStatusesAreRefused() {
    String bucket = S3.createBucket("state-bad");
    S3Exception mfa = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        S3.client().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(
            c -> c.status(BucketVersioningStatus.ENABLED).mfaDelete(MFADelete.ENABLED))));
    assertThat(mfa.statusCode()).isEqualTo(501);
    assertThat(mfa.awsErrorDetails().errorMessage()).contains("MfaDelete");
    S3Exception bad = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        S3.client().putBucketVersioning(b -> b.bucket(bucket)
            .versioningConfiguration(c -> c.status("Sometimes"))));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.awsErrorDetails().errorCode())
        .isEqualTo("IllegalVersioningConfigurationException");
    assertThat(S3.client().getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
  }

  @Test
  void everyPutGetsANewVersionAndOldOnesStayReadable() {
    String bucket = versioned("puts");
    String v1 = put(bucket, "d/k", "one");
    String v2 = put(bucket, "d/k", "two");
    assertThat(v1).matches(ID);
    assertThat(v2).matches(ID).isNotEqualTo(v1);
    assertThat(get(bucket, "d/k", v1)).isEqualTo("one");
    assertThat(get(bucket, "d/k", v2)).isEqualTo("two");
    var latest = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("d/k"));
    assertThat(latest.asUtf8String()).isEqualTo("two");
    assertThat(latest.response().versionId()).isEqualTo(v2);
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("d/k").versionId(v1))
        .versionId()).isEqualTo(v1);
    // The file at the key's path is the current version; the old one is in the version area,
    // named by its id with the kind after the stamp, in the directory of its key.
    assertThat(S3.volumes().read(bucket, "d/k")).hasValue("two".getBytes());
    String area = ReservedNames.S3_VERSIONS + "/d/+/k/";
    assertThat(S3.volumes().walk(bucket)).containsExactly(ReservedNames.S3_VERSIONS + "/",
        ReservedNames.S3_VERSIONS + "/d/", ReservedNames.S3_VERSIONS + "/d/+/", area,
        area + v1.substring(0, 16) + "v" + v1.substring(16), "d/", "d/k");
    assertThat(rootListing(bucket)).containsExactly("d");
  }

  @Test
  void deleteAddsAMarkerAndDeletingTheMarkerRestores() {
    String bucket = versioned("markers");
    S3Client s3 = S3.client();
    String v1 = put(bucket, "k", "one");
    DeleteObjectResponse d = s3.deleteObject(b -> b.bucket(bucket).key("k"));
    assertThat(d.deleteMarker()).isTrue();
    String marker = d.versionId();
    assertThat(marker).matches(ID).isNotEqualTo(v1);

    S3Exception gone = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        s3.getObject(b -> b.bucket(bucket).key("k")));
    assertThat(gone).isInstanceOf(NoSuchKeyException.class);
    assertThat(header(gone, "x-amz-delete-marker")).isEqualTo("true");
    assertThat(header(gone, "x-amz-version-id")).isEqualTo(marker);
    S3Exception byId = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        s3.getObject(b -> b.bucket(bucket).key("k").versionId(marker)));
    assertThat(byId.statusCode()).isEqualTo(405);
    assertThat(byId.awsErrorDetails().errorCode()).isEqualTo("MethodNotAllowed");
    assertThat(header(byId, "x-amz-delete-marker")).isEqualTo("true");
    S3Exception headById = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        s3.headObject(b -> b.bucket(bucket).key("k").versionId(marker)));
    assertThat(headById.statusCode()).isEqualTo(405);
    assertThat(S3.volumes().read(bucket, "k")).isEmpty();
    assertThat(get(bucket, "k", v1)).isEqualTo("one");

    DeleteObjectResponse undo = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));
    assertThat(undo.deleteMarker()).isTrue();
    assertThat(undo.versionId()).isEqualTo(marker);
    var back = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"));
    assertThat(back.asUtf8String()).isEqualTo("one");
    assertThat(back.response().versionId()).isEqualTo(v1);
    assertThat(S3.volumes().read(bucket, "k")).hasValue("one".getBytes());
  }

  @Test
  void deletingTheCurrentVersionMakesThePreviousOneCurrent() {
    String bucket = versioned("delete-current");
    String v1 = put(bucket, "a/b", "one");
    String v2 = put(bucket, "a/b", "two");
    DeleteObjectResponse d = S3.client().deleteObject(b -> b.bucket(bucket).key("a/b")
        .versionId(v2));
    assertThat(d.deleteMarker()).isNull();
    assertThat(d.versionId()).isEqualTo(v2);
    assertThat(S3.volumes().read(bucket, "a/b")).hasValue("one".getBytes());
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("a/b")).versionId())
        .isEqualTo(v1);
    S3.client().deleteObject(b -> b.bucket(bucket).key("a/b").versionId(v1));
    // The last version gone, the key's directories go too, in the area as at the key's path.
    assertThat(S3.volumes().walk(bucket)).isEmpty();
    // Deleting a version that no longer exists succeeds, as S3 answers retries.
    assertThat(S3.client().deleteObject(b -> b.bucket(bucket).key("a/b").versionId(v1))
        .sdkHttpResponse().statusCode()).isEqualTo(204);
  }

  @Test
  void badAndUnknownVersionIds() {
    String bucket = versioned("ids");
    put(bucket, "k", "x");
    S3Exception bad = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        get(bucket, "k", "not-a-version"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    S3Exception unknown = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        get(bucket, "k", "7fffffffffffffff0000000000000000"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion");
    // A key written once with versioning enabled has no null version.
    S3Exception noNull = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        get(bucket, "k", "null"));
    assertThat(noNull.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion");
    S3Exception badDelete = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        S3.client().deleteObject(b -> b.bucket(bucket).key("k").versionId("x")));
    assertThat(badDelete.statusCode()).isEqualTo(400);
  }

  @Test
  void anObjectFromBeforeVersioningIsTheNullVersion() {
    String bucket = S3.createBucket("null-before");
    assertThat(put(bucket, "k", "old")).isNull();
    setState(bucket, BucketVersioningStatus.ENABLED);
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("k")).versionId())
        .isEqualTo("null");
    String v = put(bucket, "k", "new");
    assertThat(get(bucket, "k", "null")).isEqualTo("old");
    assertThat(get(bucket, "k", v)).isEqualTo("new");
    S3.client().deleteObject(b -> b.bucket(bucket).key("k").versionId("null"));
    assertThatThrownBy(() -> get(bucket, "k", "null")).isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    assertThat(get(bucket, "k", v)).isEqualTo("new");
  }

  @Test
  void aSuspendedBucketReplacesTheNullVersionOnly() {
    String bucket = versioned("suspended");
    String v1 = put(bucket, "k", "one");
    setState(bucket, BucketVersioningStatus.SUSPENDED);
    assertThat(put(bucket, "k", "n1")).isEqualTo("null");
    assertThat(put(bucket, "k", "n2")).isEqualTo("null");
    assertThat(get(bucket, "k", "null")).isEqualTo("n2");
    assertThat(get(bucket, "k", v1)).isEqualTo("one");
    setState(bucket, BucketVersioningStatus.ENABLED);
    String v3 = put(bucket, "k", "three");
    setState(bucket, BucketVersioningStatus.SUSPENDED);
    // The null version is not current now: a PUT still replaces it, keeping v1 and v3.
    put(bucket, "k", "n3");
    assertThat(get(bucket, "k", "null")).isEqualTo("n3");
    assertThat(get(bucket, "k", v3)).isEqualTo("three");
    assertThat(get(bucket, "k", v1)).isEqualTo("one");
    // A delete in a suspended bucket removes the null version and leaves a null marker.
    DeleteObjectResponse d = S3.client().deleteObject(b -> b.bucket(bucket).key("k"));
    assertThat(d.deleteMarker()).isTrue();
    assertThat(d.versionId()).isEqualTo("null");
    assertThat(get(bucket, "k", v3)).isEqualTo("three");
  }

  @Test
  void copyAnOlderVersionOverItsKeyRestoresIt() {
    String bucket = versioned("copy");
    String v1 = put(bucket, "k", "one");
    put(bucket, "k", "two");
    var r = S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("k")
        .sourceVersionId(v1).destinationBucket(bucket).destinationKey("k"));
    assertThat(r.copySourceVersionId()).isEqualTo(v1);
    assertThat(r.versionId()).matches(ID).isNotEqualTo(v1);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("one");
    S3Exception self = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("k")
            .destinationBucket(bucket).destinationKey("k")));
    assertThat(self.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
  }

  @Test
  void multipartCompleteGetsAVersion() {
    String bucket = versioned("multipart");
    String v1 = put(bucket, "k", "one");
    String upload = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
    String etag = S3.client().uploadPart(b -> b.bucket(bucket).key("k").uploadId(upload)
        .partNumber(1), RequestBody.fromString("two")).eTag();
    var done = S3.client().completeMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(upload).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
            .eTag(etag).build())));
    assertThat(done.versionId()).matches(ID).isNotEqualTo(v1);
    assertThat(get(bucket, "k", v1)).isEqualTo("one");
    assertThat(get(bucket, "k", done.versionId())).isEqualTo("two");
  }

  @Test
  void taggingByVersion() {
    String bucket = versioned("tagging");
    String v1 = put(bucket, "k", "one");
    String v2 = put(bucket, "k", "two");
    S3.client().putObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1)
        .tagging(t -> t.tagSet(Tag.builder().key("old").value("yes").build())));
    assertThat(S3.client().getObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1))
        .tagSet()).extracting(Tag::key).containsExactly("old");
    var current = S3.client().getObjectTagging(b -> b.bucket(bucket).key("k"));
    assertThat(current.tagSet()).isEmpty();
    assertThat(current.versionId()).isEqualTo(v2);
    S3.client().deleteObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1));
    assertThat(S3.client().getObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1))
        .tagSet()).isEmpty();
  }

  @Test
  void deleteObjectsByVersionReportsMarkers() {
    String bucket = versioned("multi-delete");
    String v1 = put(bucket, "a", "one");
    put(bucket, "b", "b");
    DeleteObjectsResponse r = S3.client().deleteObjects(b -> b.bucket(bucket).delete(d -> d
        .objects(ObjectIdentifier.builder().key("a").versionId(v1).build(),
            ObjectIdentifier.builder().key("b").build())));
    assertThat(r.errors()).isEmpty();
    DeletedObject a = r.deleted().stream().filter(o -> o.key().equals("a")).findFirst().get();
    assertThat(a.versionId()).isEqualTo(v1);
    assertThat(a.deleteMarker()).isNull();
    DeletedObject b = r.deleted().stream().filter(o -> o.key().equals("b")).findFirst().get();
    assertThat(b.deleteMarker()).isTrue();
    assertThat(b.deleteMarkerVersionId()).matches(ID);
    DeleteObjectsResponse undo = S3.client().deleteObjects(x -> x.bucket(bucket).delete(d -> d
        .objects(ObjectIdentifier.builder().key("b").versionId(b.deleteMarkerVersionId())
            .build())));
    assertThat(undo.deleted().get(0).deleteMarker()).isTrue();
    assertThat(undo.deleted().get(0).deleteMarkerVersionId()).isEqualTo(b.deleteMarkerVersionId());
    assertThat(S3.volumes().read(bucket, "b")).hasValue("b".getBytes());
    assertThat(S3.volumes().read(bucket, "a")).isEmpty();
  }

  @Test
  void aBucketWithVersionsOrMarkersIsNotEmpty() {
    String bucket = versioned("delete-bucket");
    String v1 = put(bucket, "k", "one");
    String marker = S3.client().deleteObject(b -> b.bucket(bucket).key("k")).versionId();
    assertThat(visible(bucket)).isEmpty();
    S3Exception e = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        S3.client().deleteBucket(b -> b.bucket(bucket)));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
    S3.client().deleteObject(b -> b.bucket(bucket).key("k").versionId(v1));
    S3Exception marked = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
        S3.client().deleteBucket(b -> b.bucket(bucket)));
    assertThat(marked.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
    S3.client().deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));
    assertThat(S3.volumes().walk(bucket)).isEmpty();
    S3.client().deleteBucket(b -> b.bucket(bucket));
    assertThat(S3.volumes().bucketExists(bucket)).isFalse();
  }

  @Test
  void aFileAnotherProtocolWroteIsTheNullVersion() {
    String bucket = versioned("other-protocol");
    String v1 = put(bucket, "k", "s3");
    // Overwritten in place as NFS or SMB would: no older version is kept, and it is the null
    // version now.
    S3.volumes().writeFile(bucket, "k", "nfs!".getBytes());
    var h = S3.client().headObject(b -> b.bucket(bucket).key("k"));
    assertThat(h.versionId()).isEqualTo("null");
    assertThat(get(bucket, "k", "null")).isEqualTo("nfs!");
    assertThatThrownBy(() -> get(bucket, "k", v1)).isInstanceOf(S3Exception.class);
    S3.volumes().writeFile(bucket, "fresh", "new".getBytes());
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("fresh")).versionId())
        .isEqualTo("null");
    // An S3 PUT over it keeps it as the null version.
    String v2 = put(bucket, "fresh", "s3");
    assertThat(get(bucket, "fresh", "null")).isEqualTo("new");
    assertThat(get(bucket, "fresh", v2)).isEqualTo("s3");
    // The version area is out of sight of file listings.
    assertThat(rootListing(bucket)).containsExactly("fresh", "k");
    assertThat(S3.volumes().walk(bucket)).anyMatch(p -> p.startsWith(ReservedNames.S3_VERSIONS));
  }
}

package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A folder marker ({@code photos/}, a zero-byte object whose key ends in {@code /}) is an object
 * as on S3: listed with and without a prefix, paged over, read with HEAD/GET, kept when the keys
 * under it go, and removed by DELETE; a directory made implicitly for other keys is not one.
 */
class FolderMarkerTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static List<String> keys(S3Client s3, String bucket, String prefix, String delimiter) {
    ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
        .delimiter(delimiter));
    List<String> out = new ArrayList<>(r.contents().stream().map(S3Object::key).toList());
    r.commonPrefixes().stream().map(p -> "CP:" + p.prefix()).forEach(out::add);
    return out;
  }

  @Test
  void listedAsAnObjectAndReadBack() {
    String bucket = S3.createBucket("marker");
    S3Client s3 = S3.client();
    String etag = s3.putObject(b -> b.bucket(bucket).key("photos/").contentType("application/x-directory")
        .metadata(Map.of("made-by", "console")), RequestBody.empty()).eTag();
    assertThat(etag).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    ListObjectsV2Response only = s3.listObjectsV2(b -> b.bucket(bucket));
    assertThat(only.contents()).singleElement().satisfies(o -> {
      assertThat(o.key()).isEqualTo("photos/");
      assertThat(o.size()).isZero();
      assertThat(o.eTag()).isEqualTo(etag);
    });
    s3.putObject(b -> b.bucket(bucket).key("photos/a.jpg"), RequestBody.fromString("jpg"));
    s3.putObject(b -> b.bucket(bucket).key("implicit/b.txt"), RequestBody.fromString("b"));
    assertThat(keys(s3, bucket, null, null))
        .containsExactly("implicit/b.txt", "photos/", "photos/a.jpg");
    assertThat(keys(s3, bucket, null, "/")).containsExactly("CP:implicit/", "CP:photos/");
    assertThat(keys(s3, bucket, "photos/", "/")).containsExactly("photos/", "photos/a.jpg");
    assertThat(keys(s3, bucket, "photos", null)).containsExactly("photos/", "photos/a.jpg");
    assertThat(keys(s3, bucket, "implicit/", "/")).containsExactly("implicit/b.txt");
    // V1 lists it too, and paging one key at a time passes through it.
    assertThat(s3.listObjects(b -> b.bucket(bucket).prefix("photos")).contents())
        .extracting(S3Object::key).containsExactly("photos/", "photos/a.jpg");
    assertThat(s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(1)).contents())
        .extracting(S3Object::key).containsExactly("implicit/b.txt", "photos/", "photos/a.jpg");

    var head = s3.headObject(b -> b.bucket(bucket).key("photos/"));
    assertThat(head.contentLength()).isZero();
    assertThat(head.eTag()).isEqualTo(etag);
    assertThat(head.contentType()).isEqualTo("application/x-directory");
    assertThat(head.metadata()).containsEntry("made-by", "console");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("photos/")).asByteArray()).isEmpty();
  }

  @Test
  void outlivesTheKeysUnderItAndGoesWithDelete() {
    String bucket = S3.createBucket("marker-del");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("docs/"), RequestBody.empty());
    s3.putObject(b -> b.bucket(bucket).key("docs/x/y.txt"), RequestBody.fromString("y"));
    s3.deleteObject(b -> b.bucket(bucket).key("docs/x/y.txt"));
    // The implicit docs/x/ went with its last key; the marker stays.
    assertThat(keys(s3, bucket, null, null)).containsExactly("docs/");
    s3.deleteObject(b -> b.bucket(bucket).key("docs/"));
    assertThat(keys(s3, bucket, null, null)).isEmpty();
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("docs/")))
        .isInstanceOf(NoSuchKeyException.class);

    // Deleting a marker with keys under it removes the marker object only.
    s3.putObject(b -> b.bucket(bucket).key("keep/"), RequestBody.empty());
    s3.putObject(b -> b.bucket(bucket).key("keep/z"), RequestBody.fromString("z"));
    s3.deleteObject(b -> b.bucket(bucket).key("keep/"));
    assertThat(keys(s3, bucket, null, null)).containsExactly("keep/z");
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes())
        .extracting(CommonPrefix::prefix).containsExactly("keep/");
    s3.deleteObject(b -> b.bucket(bucket).key("keep/z"));
    assertThat(keys(s3, bucket, null, null)).isEmpty();
  }
}

package dev.estuary.s3.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The common object path through the SDK while developing the server: put, get, head, delete, list. */
class ObjectPathSdkTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void putGetHeadDeleteRoundTrip() {
    S3Client s3 = S3.client();
    String b = S3.createBucket("rt");
    s3.putObject(r -> r.bucket(b).key("dir/sub/hello.txt").contentType("text/plain")
        .metadata(Map.of("colour", "blue")), RequestBody.fromString("hello world"));
    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(r -> r.bucket(b).key("dir/sub/hello.txt"));
    assertThat(got.asUtf8String()).isEqualTo("hello world");
    assertThat(got.response().contentType()).isEqualTo("text/plain");
    assertThat(got.response().metadata()).containsEntry("colour", "blue");
    assertThat(got.response().eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
    HeadObjectResponse head = s3.headObject(r -> r.bucket(b).key("dir/sub/hello.txt"));
    assertThat(head.contentLength()).isEqualTo(11);
    String range = s3.getObjectAsBytes(r -> r.bucket(b).key("dir/sub/hello.txt").range("bytes=6-"))
        .asUtf8String();
    assertThat(range).isEqualTo("world");
    assertThat(s3.getObjectAcl(r -> r.bucket(b).key("dir/sub/hello.txt")).grants())
        .extracting(g -> g.permissionAsString()).containsExactly("FULL_CONTROL");
    assertThat(s3.getBucketAcl(r -> r.bucket(b)).owner().id()).isNotEmpty();
    s3.deleteObject(r -> r.bucket(b).key("dir/sub/hello.txt"));
    assertThatThrownBy(() -> s3.headObject(r -> r.bucket(b).key("dir/sub/hello.txt")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).isEmpty();
    assertThat(s3.listObjectsV2(r -> r.bucket(b).delimiter("/")).commonPrefixes()).isEmpty();
  }

  @Test
  void listingIsInByteOrderAcrossDirectoriesAndPagesResume() {
    S3Client s3 = S3.client();
    String b = S3.createBucket("order");
    List<String> keys = List.of("a", "a-b", "a.txt", "a/b", "a/c/d", "a0", "b/x", "b/y", "c");
    // "a" cannot be both an object and the prefix "a/": skip the object "a".
    for (String k : keys) {
      if (!k.equals("a")) {
        s3.putObject(r -> r.bucket(b).key(k), RequestBody.fromString(k));
      }
    }
    List<String> expected = List.of("a-b", "a.txt", "a/b", "a/c/d", "a0", "b/x", "b/y", "c");
    assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(S3Object::key)
        .containsExactlyElementsOf(expected);
    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(b).maxKeys(2).continuationToken(t));
      page.contents().forEach(o -> paged.add(o.key()));
      token = page.nextContinuationToken();
    } while (token != null);
    assertThat(paged).containsExactlyElementsOf(expected);
    ListObjectsV2Response d = s3.listObjectsV2(r -> r.bucket(b).delimiter("/"));
    assertThat(d.contents()).extracting(S3Object::key).containsExactly("a-b", "a.txt", "a0", "c");
    assertThat(d.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/");
    ListObjectsV2Response p = s3.listObjectsV2(r -> r.bucket(b).prefix("a/").delimiter("/"));
    assertThat(p.contents()).extracting(S3Object::key).containsExactly("a/b");
    assertThat(p.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/c/");
    ListObjectsV2Response dash = s3.listObjectsV2(r -> r.bucket(b).delimiter("-"));
    assertThat(dash.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a-");
    assertThat(s3.listObjects(r -> r.bucket(b)).contents()).allSatisfy(o ->
        assertThat(o.owner().id()).isNotEmpty());
    assertThat(s3.listObjectsV2(r -> r.bucket(b).fetchOwner(true)).contents()).allSatisfy(o ->
        assertThat(o.owner().id()).isNotEmpty());
    assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).allSatisfy(o ->
        assertThat(o.owner()).isNull());
    var versions = s3.listObjectVersions(r -> r.bucket(b).maxKeys(3));
    assertThat(versions.versions()).extracting(v -> v.key())
        .containsExactlyElementsOf(expected.subList(0, 3));
    assertThat(versions.versions()).allSatisfy(v -> assertThat(v.versionId()).isEqualTo("null"));
    assertThat(versions.isTruncated()).isTrue();
    assertThat(s3.listObjectVersions(r -> r.bucket(b).keyMarker(versions.nextKeyMarker()))
        .versions()).extracting(v -> v.key()).containsExactlyElementsOf(expected.subList(3, 8));
    assertThat(s3.listObjectsV2(r -> r.bucket(b).startAfter("a/b")).contents())
        .extracting(S3Object::key).containsExactly("a/c/d", "a0", "b/x", "b/y", "c");
  }

  @Test
  void keysThatCannotBePathsAreRefused() {
    S3Client s3 = S3.client();
    String b = S3.createBucket("bad");
    s3.putObject(r -> r.bucket(b).key("f"), RequestBody.fromString("x"));
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket(b).key("f/g"), RequestBody.fromString("x")))
        .isInstanceOf(S3Exception.class).hasMessageContaining("prefix");
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket(b).key("f/"), RequestBody.fromString("x")))
        .isInstanceOf(S3Exception.class).hasMessageContaining("only an empty body");
    assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(S3Object::key)
        .containsExactly("f");
  }

  @Test
  void filesWrittenThroughOtherProtocolsAreObjectsWithAStrongEtag() {
    S3Client s3 = S3.client();
    String b = S3.createBucket("foreign");
    dev.estuary.dfs.Volume v = S3.dfs().orElseThrow().volume(b);
    var dir = v.mkdirs("nfs/dir", 0755, dev.estuary.dfs.Ownership.ROOT);
    var a = v.create(dir.id(), "file.txt", 0644, dev.estuary.dfs.Ownership.ROOT, true);
    try (var h = v.open(a.id(), dev.estuary.dfs.OpenMode.WRITE)) {
      h.write(0, java.nio.ByteBuffer.wrap("from nfs".getBytes(StandardCharsets.UTF_8)));
    }
    HeadObjectResponse first = s3.headObject(r -> r.bucket(b).key("nfs/dir/file.txt"));
    assertThat(first.contentLength()).isEqualTo(8);
    assertThat(first.eTag()).matches("\"[0-9a-f]{32}\"");
    assertThat(s3.headObject(r -> r.bucket(b).key("nfs/dir/file.txt")).eTag())
        .isEqualTo(first.eTag());
    assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("nfs/dir/file.txt")).asUtf8String())
        .isEqualTo("from nfs");
    assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(S3Object::eTag)
        .containsExactly(first.eTag());
    // Written again through "NFS": the ETag changes, and an S3 ETag stored earlier is not reused.
    try (var h = v.open(a.id(), dev.estuary.dfs.OpenMode.WRITE)) {
      h.write(0, java.nio.ByteBuffer.wrap("FROM".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(s3.headObject(r -> r.bucket(b).key("nfs/dir/file.txt")).eTag())
        .isNotEqualTo(first.eTag());
    s3.putObject(r -> r.bucket(b).key("s3.txt"), RequestBody.fromString("hello world"));
    var s3file = v.resolve("s3.txt", false);
    try (var h = v.open(s3file.id(), dev.estuary.dfs.OpenMode.WRITE)) {
      h.write(0, java.nio.ByteBuffer.wrap("J".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(s3.headObject(r -> r.bucket(b).key("s3.txt")).eTag())
        .isNotEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  }

  @Test
  void pathsArmeriaRefusesStillGetAnS3ErrorDocument() throws Exception {
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", S3.port())) {
      sock.getOutputStream().write(("GET /b/a/../c HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("x-amz-request-id")
          .contains("<Code>InvalidURI</Code>");
    }
  }

  @Test
  void aRepeatedCompleteGetsTheFirstAnswer() {
    S3Client s3 = S3.client();
    String b = S3.createBucket("recomplete");
    String id = s3.createMultipartUpload(r -> r.bucket(b).key("m")).uploadId();
    String etag = s3.uploadPart(r -> r.bucket(b).key("m").uploadId(id).partNumber(1),
        RequestBody.fromString("only part")).eTag();
    var parts = software.amazon.awssdk.services.s3.model.CompletedMultipartUpload.builder()
        .parts(p -> p.partNumber(1).eTag(etag)).build();
    String first = s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id)
        .multipartUpload(parts)).eTag();
    String id2 = s3.createMultipartUpload(r -> r.bucket(b).key("n")).uploadId();
    s3.uploadPart(r -> r.bucket(b).key("n").uploadId(id2).partNumber(1),
        RequestBody.fromString("hidden"));
    assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(b)
        .key(".estuary-s3-uploads/" + id2 + "/00001"))).isInstanceOf(NoSuchKeyException.class);
    assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(S3Object::key)
        .containsExactly("m");
    s3.abortMultipartUpload(r -> r.bucket(b).key("n").uploadId(id2));
    String again = s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id)
        .multipartUpload(parts)).eTag();
    assertThat(again).isEqualTo(first).endsWith("-1\"");
    assertThatThrownBy(() -> s3.completeMultipartUpload(r -> r.bucket(b).key("m")
        .uploadId("0123456789abcdef0123456789abcdef").multipartUpload(parts)))
        .isInstanceOf(S3Exception.class).hasMessageContaining("does not exist");
  }

  @Test
  void largeObjectStreamsBothWays() {
    S3Client s3 = S3.client();
    String b = S3.createBucket("large");
    byte[] data = new byte[12 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >> 12));
    }
    s3.putObject(r -> r.bucket(b).key("big.bin"), RequestBody.fromBytes(data));
    byte[] back = s3.getObjectAsBytes(r -> r.bucket(b).key("big.bin")).asByteArray();
    assertThat(back).isEqualTo(data);
    assertThat(new String(back, 0, 0, StandardCharsets.UTF_8)).isEmpty();
  }
}

package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.S3Clients;
import dev.estuary.s3.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Multipart upload (S3 User Guide, "Uploading and copying objects using multipart upload"):
 * Create, UploadPart, UploadPartCopy, Complete (ETag {@code md5(md5s)-N}), Abort, ListParts
 * with paging, ListMultipartUploads, composite and full-object checksums.
 */
class MultipartUploadTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static final int MIB = 1024 * 1024;
  static final List<byte[]> PARTS = List.of(
      TestData.bytes(5 * MIB, 31), TestData.bytes(5 * MIB, 32), TestData.bytes(MIB + 333, 33));
  static final byte[] WHOLE = TestData.concat(PARTS);

  private static CompletedPart completed(int n, UploadPartResponse r) {
    return CompletedPart.builder().partNumber(n).eTag(r.eTag()).checksumCRC32(r.checksumCRC32())
        .checksumCRC64NVME(r.checksumCRC64NVME()).build();
  }

  @Test
  void uploadThreePartsAndComplete() {
    String bucket = S3.createBucket("mpu");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("big/object.bin")
        .contentType("application/x-big").metadata(java.util.Map.of("m", "1"))).uploadId();
    assertThat(id).isNotBlank();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < PARTS.size(); i++) {
      int n = i + 1;
      UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("big/object.bin")
          .uploadId(id).partNumber(n), RequestBody.fromBytes(PARTS.get(n - 1)));
      assertThat(r.eTag()).isEqualTo(Checksums.etag(PARTS.get(n - 1)));
      done.add(completed(n, r));
    }
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents())
        .as("an unfinished upload is not an object").isEmpty();
    var delimited = S3.client().listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
    assertThat(delimited.contents()).isEmpty();
    assertThat(delimited.commonPrefixes()).as("where unfinished uploads are kept is not listed")
        .isEmpty();
    assertThat(S3.client().listObjects(b -> b.bucket(bucket).delimiter("/")).commonPrefixes())
        .isEmpty();

    CompleteMultipartUploadResponse c = s3.completeMultipartUpload(b -> b.bucket(bucket)
        .key("big/object.bin").uploadId(id).multipartUpload(m -> m.parts(done)));
    assertThat(c.eTag()).isEqualTo(Checksums.multipartEtag(PARTS));
    assertThat(c.key()).isEqualTo("big/object.bin");
    assertThat(c.bucket()).isEqualTo(bucket);

    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("big/object.bin"));
    assertThat(h.contentLength()).isEqualTo(WHOLE.length);
    assertThat(h.eTag()).isEqualTo(Checksums.multipartEtag(PARTS));
    assertThat(h.contentType()).isEqualTo("application/x-big");
    assertThat(h.metadata()).containsEntry("m", "1");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big/object.bin")).asByteArray())
        .isEqualTo(WHOLE);
    assertThat(S3.volumes().walk(bucket)).containsExactly("big/", "big/object.bin");
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void abortLeavesNothing() {
    String bucket = S3.createBucket("mpu-abort");
    S3Client s3 = S3.client();
    List<String> before = S3.volumes().walk(bucket);
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("gone")).uploadId();
    s3.uploadPart(b -> b.bucket(bucket).key("gone").uploadId(id).partNumber(1),
        RequestBody.fromBytes(TestData.bytes(1000, 1)));
    var r = s3.abortMultipartUpload(b -> b.bucket(bucket).key("gone").uploadId(id));
    assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(204);

    assertThatThrownBy(() -> s3.listParts(b -> b.bucket(bucket).key("gone").uploadId(id)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchUpload");
        });
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(S3.volumes().walk(bucket)).isEqualTo(before);
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("gone")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void listPartsPages() {
    String bucket = S3.createBucket("mpu-parts");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("p")).uploadId();
    List<byte[]> small = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      byte[] d = TestData.bytes(1000 + n, 40 + n);
      small.add(d);
      int pn = n;
      s3.uploadPart(b -> b.bucket(bucket).key("p").uploadId(id).partNumber(pn),
          RequestBody.fromBytes(d));
    }
    List<Part> all = new ArrayList<>();
    Integer marker = null;
    for (int page = 0; page < 10; page++) {
      Integer m = marker;
      ListPartsResponse r = s3.listParts(b -> {
        b.bucket(bucket).key("p").uploadId(id).maxParts(2);
        if (m != null) {
          b.partNumberMarker(m);
        }
      });
      assertThat(r.uploadId()).isEqualTo(id);
      assertThat(r.parts().size()).isLessThanOrEqualTo(2);
      all.addAll(r.parts());
      if (!r.isTruncated()) {
        break;
      }
      assertThat(r.parts()).hasSize(2);
      marker = r.nextPartNumberMarker();
      assertThat(marker).isEqualTo(r.parts().get(1).partNumber());
    }
    assertThat(all).extracting(Part::partNumber).containsExactly(1, 2, 3, 4, 5);
    for (Part p : all) {
      byte[] d = small.get(p.partNumber() - 1);
      assertThat(p.size()).isEqualTo(d.length);
      assertThat(p.eTag()).isEqualTo(Checksums.etag(d));
      assertThat(p.lastModified()).isNotNull();
    }
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("p").uploadId(id));
  }

  @Test
  void reuploadingAPartReplacesIt() {
    String bucket = S3.createBucket("mpu-reup");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("r")).uploadId();
    s3.uploadPart(b -> b.bucket(bucket).key("r").uploadId(id).partNumber(1),
        RequestBody.fromString("first"));
    UploadPartResponse second = s3.uploadPart(b -> b.bucket(bucket).key("r").uploadId(id)
        .partNumber(1), RequestBody.fromString("second!"));
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("r").uploadId(id)
        .multipartUpload(m -> m.parts(completed(1, second))));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")).asUtf8String())
        .isEqualTo("second!");
  }

  @Test
  void listMultipartUploadsWithPrefix() {
    String bucket = S3.createBucket("mpu-list");
    S3Client s3 = S3.client();
    String a = s3.createMultipartUpload(b -> b.bucket(bucket).key("u/a")).uploadId();
    String b2 = s3.createMultipartUpload(b -> b.bucket(bucket).key("u/b")).uploadId();
    String c = s3.createMultipartUpload(b -> b.bucket(bucket).key("v/c")).uploadId();

    ListMultipartUploadsResponse all = s3.listMultipartUploads(b -> b.bucket(bucket));
    assertThat(all.uploads()).extracting(MultipartUpload::key, MultipartUpload::uploadId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("u/a", a),
            org.assertj.core.groups.Tuple.tuple("u/b", b2),
            org.assertj.core.groups.Tuple.tuple("v/c", c));
    assertThat(all.uploads()).allSatisfy(u -> assertThat(u.initiated()).isNotNull());

    ListMultipartUploadsResponse u = s3.listMultipartUploads(b -> b.bucket(bucket).prefix("u/"));
    assertThat(u.uploads()).extracting(MultipartUpload::key).containsExactly("u/a", "u/b");

    for (var up : all.uploads()) {
      s3.abortMultipartUpload(x -> x.bucket(bucket).key(up.key()).uploadId(up.uploadId()));
    }
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void listMultipartUploadsPagesWithKeyMarkers() {
    String bucket = S3.createBucket("mpu-list-pages");
    S3Client s3 = S3.client();
    List<String> keys = List.of("p/a", "p/b", "p/c", "p/d", "p/e");
    java.util.Map<String, String> ids = new java.util.HashMap<>();
    for (String k : keys) {
      ids.put(k, s3.createMultipartUpload(b -> b.bucket(bucket).key(k)).uploadId());
    }
    List<String> seen = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    for (int page = 0; page < 10; page++) {
      String km = keyMarker;
      String im = idMarker;
      ListMultipartUploadsResponse r = s3.listMultipartUploads(b -> {
        b.bucket(bucket).maxUploads(2);
        if (km != null) {
          b.keyMarker(km).uploadIdMarker(im);
        }
      });
      assertThat(r.uploads().size()).isLessThanOrEqualTo(2);
      r.uploads().forEach(u -> {
        seen.add(u.key());
        assertThat(u.uploadId()).isEqualTo(ids.get(u.key()));
      });
      if (!r.isTruncated()) {
        break;
      }
      keyMarker = r.nextKeyMarker();
      idMarker = r.nextUploadIdMarker();
      assertThat(keyMarker).isEqualTo(r.uploads().get(r.uploads().size() - 1).key());
    }
    assertThat(seen).containsExactlyElementsOf(keys);
    for (String k : keys) {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(k).uploadId(ids.get(k)));
    }
  }

  @Test
  void uploadPartCopyWithARange() {
    String bucket = S3.createBucket("mpu-copy");
    S3Client s3 = S3.client();
    byte[] source = TestData.bytes(6 * MIB, 50);
    s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromBytes(source));
    byte[] tail = TestData.bytes(777, 51);

    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("dst")).uploadId();
    UploadPartCopyResponse p1 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
        .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(1)
        .copySourceRange("bytes=1024-" + (1024 + 5 * MIB - 1)));
    byte[] range = Arrays.copyOfRange(source, 1024, 1024 + 5 * MIB);
    assertThat(p1.copyPartResult().eTag()).isEqualTo(Checksums.etag(range));
    UploadPartResponse p2 = s3.uploadPart(b -> b.bucket(bucket).key("dst").uploadId(id)
        .partNumber(2), RequestBody.fromBytes(tail));

    CompleteMultipartUploadResponse c = s3.completeMultipartUpload(b -> b.bucket(bucket)
        .key("dst").uploadId(id).multipartUpload(m -> m.parts(
            CompletedPart.builder().partNumber(1).eTag(p1.copyPartResult().eTag()).build(),
            CompletedPart.builder().partNumber(2).eTag(p2.eTag()).build())));
    assertThat(c.eTag()).isEqualTo(Checksums.multipartEtag(List.of(range, tail)));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst")).asByteArray())
        .isEqualTo(TestData.concat(List.of(range, tail)));
  }

  @Test
  void compositeCrc32Checksum() {
    String bucket = S3.createBucket("mpu-crc32");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")
        .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < PARTS.size(); i++) {
      int n = i + 1;
      UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id)
          .partNumber(n).checksumAlgorithm(ChecksumAlgorithm.CRC32),
          RequestBody.fromBytes(PARTS.get(n - 1)));
      assertThat(r.checksumCRC32()).isEqualTo(Checksums.crc32(PARTS.get(n - 1)));
      done.add(completed(n, r));
    }
    CompleteMultipartUploadResponse c = s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(id).multipartUpload(m -> m.parts(done)));
    assertThat(c.checksumCRC32()).isEqualTo(Checksums.compositeCrc32(PARTS));

    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("k")
        .checksumMode(ChecksumMode.ENABLED));
    assertThat(h.checksumCRC32()).isEqualTo(Checksums.compositeCrc32(PARTS));
    assertThat(h.checksumType()).isEqualTo(ChecksumType.COMPOSITE);
  }

  @Test
  void fullObjectCrc64NvmeChecksum() {
    String bucket = S3.createBucket("mpu-crc64");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")
        .checksumAlgorithm(ChecksumAlgorithm.CRC64_NVME).checksumType(ChecksumType.FULL_OBJECT))
        .uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < PARTS.size(); i++) {
      int n = i + 1;
      String value = Checksums.crc64nvme(PARTS.get(n - 1));
      UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id)
          .partNumber(n).checksumCRC64NVME(value), RequestBody.fromBytes(PARTS.get(n - 1)));
      assertThat(r.checksumCRC64NVME()).isEqualTo(value);
      done.add(completed(n, r));
    }
    String full = Checksums.crc64nvme(WHOLE);
    CompleteMultipartUploadResponse c = s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(id).checksumCRC64NVME(full).checksumType(ChecksumType.FULL_OBJECT)
        .multipartUpload(m -> m.parts(done)));
    assertThat(c.checksumCRC64NVME()).isEqualTo(full);

    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("k")
        .checksumMode(ChecksumMode.ENABLED));
    assertThat(h.checksumCRC64NVME()).isEqualTo(full);
    assertThat(h.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
    ResponseBytes<GetObjectResponse> g = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
        .checksumMode(ChecksumMode.ENABLED));
    assertThat(g.response().checksumCRC64NVME()).isEqualTo(full);
    assertThat(g.asByteArray()).isEqualTo(WHOLE);
  }

  @Test
  void fullObjectCrc32Checksum() {
    String bucket = S3.createBucket("mpu-crc32-full");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")
        .checksumAlgorithm(ChecksumAlgorithm.CRC32).checksumType(ChecksumType.FULL_OBJECT))
        .uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < PARTS.size(); i++) {
      int n = i + 1;
      UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id)
          .partNumber(n).checksumAlgorithm(ChecksumAlgorithm.CRC32),
          RequestBody.fromBytes(PARTS.get(n - 1)));
      done.add(completed(n, r));
    }
    String full = Checksums.crc32(WHOLE);
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id)
        .checksumCRC32(full).checksumType(ChecksumType.FULL_OBJECT)
        .multipartUpload(m -> m.parts(done)));
    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("k")
        .checksumMode(ChecksumMode.ENABLED));
    assertThat(h.checksumCRC32()).isEqualTo(full);
    assertThat(h.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
  }

  @Test
  void asyncClientUploadsPartsAndCompletes() {
    String bucket = S3.createBucket("mpu-async");
    S3AsyncClient s3 = S3.asyncClient();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("a")).join().uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < PARTS.size(); i++) {
      int n = i + 1;
      UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("a").uploadId(id)
          .partNumber(n), AsyncRequestBody.fromBytes(PARTS.get(n - 1))).join();
      done.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).build());
    }
    CompleteMultipartUploadResponse c = s3.completeMultipartUpload(b -> b.bucket(bucket).key("a")
        .uploadId(id).multipartUpload(m -> m.parts(done))).join();
    assertThat(c.eTag()).isEqualTo(Checksums.multipartEtag(PARTS));
    assertThat(s3.getObject(b -> b.bucket(bucket).key("a"), AsyncResponseTransformer.toBytes())
        .join().asByteArray()).isEqualTo(WHOLE);
  }

  @Test
  void asyncMultipartClientPutAndGet() {
    String bucket = S3.createBucket("mpu-async-auto");
    byte[] data = TestData.bytes(12 * MIB + 5, 60);
    try (S3AsyncClient s3 = S3Clients.asyncMultipart(S3.endpoint(), S3.credentials(), 5L * MIB)) {
      s3.putObject(b -> b.bucket(bucket).key("auto"), AsyncRequestBody.fromBytes(data)).join();
      HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("auto"));
      assertThat(h.eTag()).isEqualTo(Checksums.multipartEtag(TestData.split(data, 5 * MIB)));
      assertThat(h.contentLength()).isEqualTo(data.length);
      byte[] back = s3.getObject(b -> b.bucket(bucket).key("auto"),
          AsyncResponseTransformer.toBytes()).join().asByteArray();
      assertThat(back).isEqualTo(data);
    }
  }
}

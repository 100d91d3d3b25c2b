package dev.estuary.s3.internal.checksum;

import static dev.estuary.s3.internal.error.S3Assertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HELLO = "hello ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WORLD = "world".getBytes(StandardCharsets.US_ASCII);

  private static byte[] hash(ChecksumAlgorithm a, byte[] data) {
    Hasher h = a.newHasher();
    h.update(data, 0, data.length);
    return h.digest();
  }

  @Test
  void catalogueCheckValues() {
    // Check values of the CRC catalogue (reveng.sourceforge.io "CRC RevEng" catalogue).
    assertThat(Checksums.crcValue(hash(ChecksumAlgorithm.CRC32, CHECK))).isEqualTo(0xCBF43926L);
    assertThat(Checksums.crcValue(hash(ChecksumAlgorithm.CRC32C, CHECK))).isEqualTo(0xE3069283L);
    assertThat(Checksums.crcValue(hash(ChecksumAlgorithm.CRC64NVME, CHECK))).isEqualTo(0xAE8B14860A799888L);
    Crc64Nvme c = new Crc64Nvme();
    for (byte b : CHECK) {
      c.update(b);
    }
    assertThat(c.getValue()).isEqualTo(0xAE8B14860A799888L);
    c.reset();
    assertThat(c.getValue()).isZero();
  }

  @Test
  void s3Values() {
    // The S3 API Reference trailer example: 66560 bytes of 'a' have CRC32C sOO8/Q==.
    byte[] a = "a".repeat(66560).getBytes(StandardCharsets.US_ASCII);
    assertThat(Checksums.base64(hash(ChecksumAlgorithm.CRC32C, a))).isEqualTo("sOO8/Q==");
    assertThat(Checksums.base64(hash(ChecksumAlgorithm.CRC32, new byte[0]))).isEqualTo("AAAAAA==");
    assertThat(Checksums.base64(hash(ChecksumAlgorithm.CRC64NVME, new byte[0]))).isEqualTo("AAAAAAAAAAA=");
    assertThat(ChecksumAlgorithm.SHA1.newHasher()).satisfies(h -> {
      h.update(ByteBuffer.wrap("hello world".getBytes(StandardCharsets.US_ASCII)));
      assertThat(h.digestBase64()).isEqualTo("Kq5sNclPz7QV2+lfQIuc6R7oRu0=");
    });
    assertThat(HexFormat.of().formatHex(hash(ChecksumAlgorithm.MD5, new byte[0]))).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(HexFormat.of().formatHex(hash(ChecksumAlgorithm.SHA256, new byte[0])))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void crc64SliceBy8MatchesBytewiseForAllAlignmentsAndLengths() {
    Random r = new Random(7);
    byte[] data = new byte[300];
    r.nextBytes(data);
    for (int off = 0; off < 9; off++) {
      for (int len = 0; len < 100; len++) {
        Crc64Nvme fast = new Crc64Nvme();
        fast.update(data, off, len);
        Crc64Nvme slow = new Crc64Nvme();
        for (int i = off; i < off + len; i++) {
          slow.update(data[i]);
        }
        assertThat(fast.getValue()).isEqualTo(slow.getValue());
      }
    }
    // Direct buffers go through the same path.
    ByteBuffer direct = ByteBuffer.allocateDirect(9).put(CHECK).flip();
    Crc64Nvme d = new Crc64Nvme();
    d.update(direct);
    assertThat(d.getValue()).isEqualTo(0xAE8B14860A799888L);
    assertThat(direct.hasRemaining()).isFalse();
  }

  @Test
  void combiningEqualsHashingTheConcatenation() {
    Random r = new Random(11);
    for (ChecksumAlgorithm alg : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC64NVME)) {
      for (int round = 0; round < 30; round++) {
        byte[] all = new byte[r.nextInt(5000)];
        r.nextBytes(all);
        List<Checksums.Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < all.length || parts.isEmpty()) {
          int n = Math.min(all.length - pos, r.nextInt(1500));
          Hasher h = alg.newHasher();
          h.update(all, pos, n);
          parts.add(new Checksums.Part(h.digest(), n));
          pos += n;
        }
        assertThat(Checksums.fullObject(alg, parts)).as("%s round %d", alg, round).isEqualTo(hash(alg, all));
      }
      // Lengths far beyond the data: combining with a zero-length part is the identity.
      long a = Checksums.crcValue(hash(alg, HELLO));
      long empty = Checksums.crcValue(hash(alg, new byte[0]));
      assertThat(alg.combiner().orElseThrow().combine(a, empty, 0)).isEqualTo(a);
    }
    assertThat(Checksums.base64(Checksums.fullObject(ChecksumAlgorithm.CRC32,
        List.of(new Checksums.Part(hash(ChecksumAlgorithm.CRC32, HELLO), 6),
            new Checksums.Part(hash(ChecksumAlgorithm.CRC32, WORLD), 5))))).isEqualTo("DUoRhQ==");
    assertThatThrownBy(() -> Checksums.fullObject(ChecksumAlgorithm.SHA256, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compositeAndMultipartEtag() {
    // Expected values computed independently with Python's zlib and hashlib.
    assertThat(Checksums.composite(ChecksumAlgorithm.CRC32,
        List.of(hash(ChecksumAlgorithm.CRC32, HELLO), hash(ChecksumAlgorithm.CRC32, WORLD)))).isEqualTo("1Fu2mQ==-2");
    assertThat(Checksums.composite(ChecksumAlgorithm.SHA256,
        List.of(hash(ChecksumAlgorithm.SHA256, HELLO), hash(ChecksumAlgorithm.SHA256, WORLD))))
        .isEqualTo("Zhie15keHg/OBlOZxcoF/BXCgYZaeimRvdZnwUZqkaQ=-2");
    assertThat(Checksums.multipartEtag(List.of(hash(ChecksumAlgorithm.MD5, HELLO), hash(ChecksumAlgorithm.MD5, WORLD))))
        .isEqualTo("e09e4fd6265b36115fe3db32df945d84-2");
  }

  @Test
  void namesAndTypes() {
    assertThat(ChecksumAlgorithm.CRC64NVME.headerName()).isEqualTo("x-amz-checksum-crc64nvme");
    assertThat(ChecksumAlgorithm.CRC32C.xmlElement()).isEqualTo("ChecksumCRC32C");
    assertThat(ChecksumAlgorithm.fromWireName("crc32c")).isEqualTo(ChecksumAlgorithm.CRC32C);
    assertThat(ChecksumAlgorithm.fromHeaderName("x-amz-checksum-sha1")).contains(ChecksumAlgorithm.SHA1);
    assertThat(ChecksumAlgorithm.fromHeaderName("content-md5")).isEmpty();
    assertCode(() -> ChecksumAlgorithm.fromWireName("MD5"), S3ErrorCode.INVALID_REQUEST);
    assertThat(ChecksumType.parse("full_object")).isEqualTo(ChecksumType.FULL_OBJECT);
    assertCode(() -> ChecksumType.parse("BOTH"), S3ErrorCode.INVALID_REQUEST);
    ChecksumType.FULL_OBJECT.checkSupports(ChecksumAlgorithm.CRC64NVME);
    ChecksumType.COMPOSITE.checkSupports(ChecksumAlgorithm.SHA256);
    assertCode(() -> ChecksumType.FULL_OBJECT.checkSupports(ChecksumAlgorithm.SHA1), S3ErrorCode.INVALID_REQUEST);
    assertCode(() -> ChecksumType.COMPOSITE.checkSupports(ChecksumAlgorithm.CRC64NVME), S3ErrorCode.INVALID_REQUEST);
  }

  @Test
  void decodingAndVerifying() {
    assertThat(Checksums.decode(ChecksumAlgorithm.CRC32, "DUoRhQ==")).hasSize(4);
    assertCode(() -> Checksums.decode(ChecksumAlgorithm.CRC32, "AAAAAAAAAAA="), S3ErrorCode.BAD_DIGEST)
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Value for x-amz-checksum-crc32 header"
            + " is invalid: 'AAAAAAAAAAA=' is not the base64 of 4 bytes, so it matches no body."));
    assertCode(() -> Checksums.decode(ChecksumAlgorithm.SHA256, "!!"), S3ErrorCode.BAD_DIGEST);
    assertCode(() -> Checksums.decode(ChecksumAlgorithm.MD5, "abc"), S3ErrorCode.INVALID_DIGEST);
    byte[] crc = hash(ChecksumAlgorithm.CRC32, HELLO);
    Checksums.verify(ChecksumAlgorithm.CRC32, crc, crc.clone());
    assertCode(() -> Checksums.verify(ChecksumAlgorithm.CRC32, crc, new byte[4]), S3ErrorCode.BAD_DIGEST);
  }

  @Test
  void requestedChecksumRules() {
    Map<String, String> h = Map.of("x-amz-sdk-checksum-algorithm", "CRC32", "x-amz-checksum-crc32", "DUoRhQ==");
    RequestedChecksum r = RequestedChecksum.parse(n -> Optional.ofNullable(h.get(n)), List.of());
    assertThat(r.algorithm()).contains(ChecksumAlgorithm.CRC32);
    assertThat(r.inTrailer()).isFalse();
    assertThat(r.expected()).get().isEqualTo(Checksums.decode(ChecksumAlgorithm.CRC32, "DUoRhQ=="));

    RequestedChecksum t = RequestedChecksum.parse(n -> Optional.ofNullable(Map.of("x-amz-sdk-checksum-algorithm", "CRC64NVME").get(n)),
        List.of("x-amz-checksum-crc64nvme"));
    assertThat(t.algorithm()).contains(ChecksumAlgorithm.CRC64NVME);
    assertThat(t.inTrailer()).isTrue();
    assertThat(t.expected()).isEmpty();

    assertThat(RequestedChecksum.parse(n -> Optional.empty(), List.of()).algorithm()).isEmpty();
    assertCode(() -> RequestedChecksum.parse(n -> Optional.ofNullable(Map.of("x-amz-sdk-checksum-algorithm", "CRC32").get(n)), List.of()),
        S3ErrorCode.INVALID_REQUEST);
    assertCode(() -> RequestedChecksum.parse(n -> Optional.ofNullable(
        Map.of("x-amz-checksum-crc32", "DUoRhQ==", "x-amz-checksum-crc32c", "DUoRhQ==").get(n)), List.of()),
        S3ErrorCode.INVALID_REQUEST);
    assertCode(() -> RequestedChecksum.parse(n -> Optional.ofNullable(Map.of("x-amz-checksum-crc32", "DUoRhQ==").get(n)),
        List.of("x-amz-checksum-crc32")), S3ErrorCode.INVALID_REQUEST);
    assertCode(() -> RequestedChecksum.parse(n -> Optional.ofNullable(
        Map.of("x-amz-sdk-checksum-algorithm", "SHA1", "x-amz-checksum-crc32", "DUoRhQ==").get(n)), List.of()),
        S3ErrorCode.INVALID_REQUEST);
    assertCode(() -> RequestedChecksum.parse(n -> Optional.ofNullable(Map.of("content-md5", "xyz").get(n)), List.of()),
        S3ErrorCode.INVALID_DIGEST);
  }
}

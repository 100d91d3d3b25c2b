package dev.estuary.s3.internal.auth;

import static dev.estuary.s3.internal.auth.AwsExamples.TIME;
import static dev.estuary.s3.internal.auth.SigV4AuthenticatorTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AwsChunkedDecoderTest {
  private static final byte[] A66560 = "a".repeat(66560).getBytes(StandardCharsets.US_ASCII);

  /** Decodes {@code body} fed in the given pieces; returns payload and trailers. */
  record Result(byte[] payload, Map<String, String> trailers) {}

  static Result decode(AwsChunkedDecoder d, byte[] body, int... cuts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    int[] all = Arrays.copyOf(cuts, cuts.length + 1);
    all[cuts.length] = body.length;
    for (int to : all) {
      ByteBuffer piece = ByteBuffer.wrap(body, from, to - from).slice();
      d.feed(piece, s -> {
        byte[] b = new byte[s.remaining()];
        s.get(b);
        out.writeBytes(b);
      });
      assertThat(piece.hasRemaining()).isFalse();
      from = to;
    }
    return new Result(out.toByteArray(), d.finish());
  }

  private static AwsChunkedDecoder chunkedExample() {
    return AwsExamples.authenticator(TIME).authenticate(AwsExamples.chunkedRequest()).newChunkedDecoder(1 << 20).orElseThrow();
  }

  private static AwsChunkedDecoder trailerExample() {
    return AwsExamples.authenticator(TIME).authenticate(AwsExamples.trailerRequest()).newChunkedDecoder(1 << 20).orElseThrow();
  }

  @Test
  void awsChunkedUploadExample() {
    Result r = decode(chunkedExample(), AwsExamples.chunkedBody());
    assertThat(r.payload()).isEqualTo(A66560);
    assertThat(r.trailers()).isEmpty();
  }

  @Test
  void awsTrailerExample() {
    Result r = decode(trailerExample(), AwsExamples.trailerBody());
    assertThat(r.payload()).isEqualTo(A66560);
    assertThat(r.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32c", "sOO8/Q=="));
    // The documentation's own layout puts a CRLF after the zero chunk, and may omit the final one.
    String doc = new String(AwsExamples.trailerBody(), StandardCharsets.US_ASCII)
        .replace("\r\nx-amz-checksum", "\r\n\r\nx-amz-checksum");
    byte[] b = doc.substring(0, doc.length() - 2).getBytes(StandardCharsets.US_ASCII);
    assertThat(decode(trailerExample(), b).trailers()).containsKey("x-amz-checksum-crc32c");
  }

  @Test
  void examplesDecodeByteByByteAndAtSplitsAroundTheFraming() {
    for (byte[] body : List.of(AwsExamples.chunkedBody(), AwsExamples.trailerBody())) {
      boolean trailer = body.length > AwsExamples.chunkedBody().length;
      // One byte at a time.
      int[] every = new int[body.length - 1];
      Arrays.setAll(every, i -> i + 1);
      assertThat(decode(trailer ? trailerExample() : chunkedExample(), body, every).payload()).isEqualTo(A66560);
      // Two pieces, cut at every offset within the framing: head, chunk boundaries, tail.
      List<Integer> offsets = new ArrayList<>();
      for (int i = 1; i < 200; i++) {
        offsets.add(i);
      }
      for (int i = 65_620; i < 65_780; i++) {
        offsets.add(i);
      }
      for (int i = body.length - 300; i < body.length; i++) {
        offsets.add(i);
      }
      for (int cut : offsets) {
        Result r = decode(trailer ? trailerExample() : chunkedExample(), body, cut);
        assertThat(r.payload()).as("cut at %d", cut).isEqualTo(A66560);
      }
    }
  }

  /** A small signed-trailer body built with the verified chain, cut into three at every pair of offsets. */
  @Test
  void smallSignedTrailerBodyAtEverySplit() {
    byte[] key = SigV4.signingKey(AwsExamples.SECRET, "20130524", "us-east-1", "s3");
    ChunkSigningContext ctx = new ChunkSigningContext(key, AwsExamples.AMZ_DATE, "20130524/us-east-1/s3/aws4_request", "ab".repeat(32));
    byte[] body = signedBody(ctx, List.of("hello ", "world!!"), "x-amz-checksum-crc32", "AAAAAA==");
    for (int i = 1; i < body.length; i++) {
      for (int j = i; j < body.length; j++) {
        AwsChunkedDecoder d = new AwsChunkedDecoder(PayloadMode.STREAMING_SIGNED_TRAILER, ctx.newVerifier(),
            List.of("x-amz-checksum-crc32"), OptionalLong.of(13), 1024);
        Result r = decode(d, body, i, j);
        assertThat(new String(r.payload(), StandardCharsets.US_ASCII)).isEqualTo("hello world!!");
        assertThat(r.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32", "AAAAAA=="));
      }
    }
  }

  static byte[] signedBody(ChunkSigningContext ctx, List<String> chunks, String trailerName, String trailerValue) {
    ChunkSignatureVerifier v = ctx.newVerifier();
    StringBuilder sb = new StringBuilder();
    List<String> all = new ArrayList<>(chunks);
    all.add("");
    for (String c : all) {
      byte[] data = c.getBytes(StandardCharsets.US_ASCII);
      String sig = v.expectedChunkSignature(SigV4.sha256().digest(data));
      v.verifyChunk(sig, SigV4.sha256().digest(data));
      sb.append(Integer.toHexString(data.length)).append(";chunk-signature=").append(sig).append("\r\n");
      if (data.length > 0) {
        sb.append(c).append("\r\n");
      }
    }
    String canonical = trailerName + ":" + trailerValue + "\n";
    // Compute the trailer signature the way a client does.
    String sts = "AWS4-HMAC-SHA256-TRAILER\n" + ctx.amzDate() + "\n" + ctx.scope() + "\n" + lastSignature(ctx, chunks)
        + "\n" + SigV4.sha256Hex(canonical);
    String tsig = SigV4.hex(SigV4.hmac(ctx.signingKey(), sts));
    sb.append(trailerName).append(':').append(trailerValue).append("\r\n")
        .append("x-amz-trailer-signature:").append(tsig).append("\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String lastSignature(ChunkSigningContext ctx, List<String> chunks) {
    ChunkSignatureVerifier v = ctx.newVerifier();
    String last = null;
    List<String> all = new ArrayList<>(chunks);
    all.add("");
    for (String c : all) {
      byte[] h = SigV4.sha256().digest(c.getBytes(StandardCharsets.US_ASCII));
      last = v.expectedChunkSignature(h);
      v.verifyChunk(last, h);
    }
    return last;
  }

  @Test
  void compositeNettyBuffers() {
    byte[] body = AwsExamples.trailerBody();
    io.netty.buffer.CompositeByteBuf composite = io.netty.buffer.Unpooled.compositeBuffer();
    composite.addComponent(true, io.netty.buffer.Unpooled.wrappedBuffer(body, 0, 100));
    composite.addComponent(true, io.netty.buffer.Unpooled.directBuffer(body.length).writeBytes(body, 100, 40_000));
    composite.addComponent(true, io.netty.buffer.Unpooled.wrappedBuffer(body, 40_100, body.length - 40_100));
    AwsChunkedDecoder d = trailerExample();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    d.feed(composite, s -> {
      byte[] b = new byte[s.remaining()];
      s.get(b);
      out.writeBytes(b);
    });
    assertThat(d.finish()).containsKey("x-amz-checksum-crc32c");
    assertThat(out.toByteArray()).isEqualTo(A66560);
    assertThat(composite.readerIndex()).isZero();
    composite.release();
  }

  @Test
  void unsignedTrailerForm() {
    byte[] body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc64nvme:AAAAAAAAAAA=\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int cut = 1; cut < body.length; cut++) {
      AwsChunkedDecoder d = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
          List.of("x-amz-checksum-crc64nvme"), OptionalLong.of(5), 1024);
      Result r = decode(d, body, cut);
      assertThat(r.payload()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(r.trailers()).containsEntry("x-amz-checksum-crc64nvme", "AAAAAAAAAAA=");
    }
  }

  @Test
  void tamperedChunksAndTrailersFail() {
    byte[] body = AwsExamples.chunkedBody();
    byte[] data = body.clone();
    data[200] = 'b';
    assertCode(() -> decode(chunkedExample(), data), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    byte[] sig = body.clone();
    sig[30] = (byte) (sig[30] == '0' ? '1' : '0');
    assertCode(() -> decode(chunkedExample(), sig), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    String t = new String(AwsExamples.trailerBody(), StandardCharsets.US_ASCII);
    assertCode(() -> decode(trailerExample(), t.replace("sOO8/Q==", "sOO8/Q=a").getBytes(StandardCharsets.US_ASCII)),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    assertCode(() -> decode(trailerExample(), t.replaceAll("x-amz-trailer-signature:[0-9a-f]+\r\n", "")
        .getBytes(StandardCharsets.US_ASCII)), S3ErrorCode.MALFORMED_TRAILER);
    assertCode(() -> decode(trailerExample(), t.replace("x-amz-checksum-crc32c", "x-amz-checksum-sha1")
        .getBytes(StandardCharsets.US_ASCII)), S3ErrorCode.MALFORMED_TRAILER);
  }

  @Test
  void framingErrorsAndLimits() {
    byte[] body = AwsExamples.chunkedBody();
    assertCode(() -> decode(chunkedExample(), Arrays.copyOf(body, body.length - 10)), S3ErrorCode.INCOMPLETE_BODY);
    assertCode(() -> decode(chunkedExample(), Arrays.copyOf(body, 1000)), S3ErrorCode.INCOMPLETE_BODY);
    byte[] extra = Arrays.copyOf(body, body.length + 1);
    extra[body.length] = 'x';
    assertCode(() -> decode(chunkedExample(), extra), S3ErrorCode.INCOMPLETE_BODY);
    // A size line that never ends fails once it passes the limit, not at the end of the body.
    AwsChunkedDecoder d = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, List.of(), OptionalLong.empty(), 1024);
    byte[] longLine = new byte[AwsChunkedDecoder.MAX_SIZE_LINE + 10];
    Arrays.fill(longLine, (byte) '1');
    assertCode(() -> d.feed(ByteBuffer.wrap(longLine), b -> {}), S3ErrorCode.INCOMPLETE_BODY)
        .satisfies(e -> assertThat(e.getMessage()).contains("longer than 1024"));
    // Chunk larger than the bound, refused at its size line.
    AwsChunkedDecoder small = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, List.of(), OptionalLong.empty(), 16);
    assertCode(() -> small.feed(ByteBuffer.wrap("11\r\n".getBytes(StandardCharsets.US_ASCII)), b -> {}),
        S3ErrorCode.INCOMPLETE_BODY).satisfies(e -> assertThat(e.getMessage()).contains("chunk size 17"));
    // More or less than x-amz-decoded-content-length.
    AwsChunkedDecoder four = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, List.of(), OptionalLong.of(4), 1024);
    assertCode(() -> four.feed(ByteBuffer.wrap("5\r\n".getBytes(StandardCharsets.US_ASCII)), b -> {}), S3ErrorCode.INCOMPLETE_BODY);
    AwsChunkedDecoder six = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, List.of(), OptionalLong.of(6), 1024);
    assertCode(() -> decode(six, "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), S3ErrorCode.INCOMPLETE_BODY);
    // Bad hex, missing CRLF after data, trailer too large.
    assertCode(() -> decode(new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, List.of(), OptionalLong.empty(), 1024),
        "5g\r\n".getBytes(StandardCharsets.US_ASCII)), S3ErrorCode.INCOMPLETE_BODY);
    assertCode(() -> decode(new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, List.of(), OptionalLong.empty(), 1024),
        "5\r\nhelloX\r\n".getBytes(StandardCharsets.US_ASCII)), S3ErrorCode.INCOMPLETE_BODY);
    byte[] bigTrailer = ("0\r\nx-amz-checksum-crc32:" + "A".repeat(AwsChunkedDecoder.MAX_TRAILER_BYTES) + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    assertCode(() -> decode(new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
        List.of("x-amz-checksum-crc32"), OptionalLong.empty(), 1024), bigTrailer), S3ErrorCode.INCOMPLETE_BODY);
    // Signed chunks need their chunk-signature extension.
    AwsChunkedDecoder signed = chunkedExample();
    assertCode(() -> signed.feed(ByteBuffer.wrap("400\r\n".getBytes(StandardCharsets.US_ASCII)), b -> {}), S3ErrorCode.INCOMPLETE_BODY);
  }

  @Test
  void randomSplitsOfARandomUnsignedBody() {
    Random rnd = new Random(42);
    byte[] payload = new byte[50_000];
    rnd.nextBytes(payload);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < payload.length) {
      int n = Math.min(payload.length - pos, 1 + rnd.nextInt(9000));
      body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      body.write(payload, pos, n);
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      pos += n;
    }
    body.writeBytes("0\r\nx-amz-checksum-sha256:abc=\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] b = body.toByteArray();
    for (int round = 0; round < 200; round++) {
      int[] cuts = rnd.ints(1 + rnd.nextInt(20), 0, b.length + 1).sorted().toArray();
      AwsChunkedDecoder d = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
          List.of("x-amz-checksum-sha256"), OptionalLong.of(payload.length), 16_384);
      assertThat(decode(d, b, cuts).payload()).isEqualTo(payload);
    }
  }
}

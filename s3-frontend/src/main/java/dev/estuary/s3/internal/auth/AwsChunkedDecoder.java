package dev.estuary.s3.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.estuary.s3.internal.error.S3ErrorCode;
import io.netty.buffer.ByteBuf;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An incremental decoder of {@code Content-Encoding: aws-chunked} bodies (S3 API Reference,
 * "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks"
 * and "... Including Trailing Headers"):
 *
 * <pre>
 * hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;chunk-signature=sig]\r\n
 * [trailer-name:value\r\n ... [x-amz-trailer-signature:sig\r\n]] \r\n
 * </pre>
 *
 * <p>Feed the body in any split with {@link #feed}; the payload comes out as slices of the input
 * buffers, without copying. Call {@link #finish} at the end of the body: it fails unless the final
 * chunk and trailer were complete, and returns the trailer fields. Chunk signatures are checked
 * when each chunk ends, so data of a chunk is handed on before its signature is known to be good:
 * the caller must not make an upload visible before {@code finish} has returned.
 *
 * <p>Limits are checked before anything is buffered: a size line of at most
 * {@value #MAX_SIZE_LINE} bytes, chunks of at most {@code maxChunkSize}, at most
 * {@value #MAX_TRAILER_BYTES} bytes of trailer, and in total exactly
 * {@code x-amz-decoded-content-length} payload bytes when that was declared. Not thread-safe.
 */
public final class AwsChunkedDecoder {
  /** The longest chunk-size line accepted, with its extensions, CRLF excluded. */
  public static final int MAX_SIZE_LINE = 1024;
  /** The most trailer bytes accepted. */
  public static final int MAX_TRAILER_BYTES = 16 * 1024;
  /** The trailer field that carries the trailer signature. */
  public static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private enum State { SIZE_LINE, DATA, DATA_CR, DATA_LF, TRAILER, FINAL_LINE, DONE }

  private final PayloadMode mode;
  private final @Nullable ChunkSignatureVerifier verifier;
  private final List<String> declaredTrailers;
  private final OptionalLong decodedLength;
  private final long maxChunkSize;
  private final @Nullable MessageDigest digest;

  private State state = State.SIZE_LINE;
  private byte[] line = new byte[128];
  private int lineLen;
  private long remaining;
  private long decoded;
  private int trailerBytes;
  private @Nullable String chunkSignature;
  private @Nullable String trailerSignature;
  private boolean sawEmptyTrailerLine;
  private final Map<String, String> trailers = new LinkedHashMap<>();

  /**
   * @param mode a streaming payload mode
   * @param verifier the chunk-signature verifier; required for the signed streaming modes
   * @param declaredTrailers the lower-case trailer names from {@code x-amz-trailer}
   * @param decodedLength {@code x-amz-decoded-content-length}, if declared
   * @param maxChunkSize the largest chunk accepted
   */
  public AwsChunkedDecoder(
      PayloadMode mode, @Nullable ChunkSignatureVerifier verifier, List<String> declaredTrailers,
      OptionalLong decodedLength, long maxChunkSize) {
    this.mode = requireNonNull(mode, "mode");
    if (!mode.isStreaming()) {
      throw new IllegalArgumentException("mode: " + mode + " (expected: a STREAMING-* mode)");
    }
    if (mode.hasChunkSignatures() && verifier == null) {
      throw new IllegalArgumentException("verifier: null (expected: one for " + mode + ")");
    }
    if (maxChunkSize < 1) {
      throw new IllegalArgumentException("maxChunkSize: " + maxChunkSize + " (expected: >= 1)");
    }
    this.verifier = verifier;
    this.declaredTrailers = List.copyOf(declaredTrailers);
    this.decodedLength = requireNonNull(decodedLength, "decodedLength");
    this.maxChunkSize = maxChunkSize;
    this.digest = mode.hasChunkSignatures() ? SigV4.sha256() : null;
  }

  /**
   * Decodes as much of {@code in} as there is, handing each run of payload to {@code sink} as a
   * slice of {@code in} (no copy) that is valid only during the call and must not be modified.
   * Consumes {@code in} fully.
   *
   * @throws S3Exception IncompleteBody, InvalidArgument, SignatureDoesNotMatch or
   *     MalformedTrailerError when the body is malformed; the decoder is then unusable
   */
  public void feed(ByteBuffer in, Consumer<ByteBuffer> sink) {
    while (in.hasRemaining()) {
      switch (state) {
        case SIZE_LINE -> {
          if (readLine(in, MAX_SIZE_LINE, "chunk size line")) {
            sizeLine();
            lineLen = 0;
          }
        }
        case DATA -> {
          int n = (int) Math.min(remaining, in.remaining());
          ByteBuffer slice = in.slice(in.position(), n);
          in.position(in.position() + n);
          if (digest != null) {
            // A writable heap slice lets MessageDigest read the array directly, without copying.
            digest.update(slice.duplicate());
          }
          remaining -= n;
          decoded += n;
          sink.accept(slice);
          if (remaining == 0) {
            state = State.DATA_CR;
          }
        }
        case DATA_CR -> expect(in, '\r', State.DATA_LF);
        case DATA_LF -> {
          expect(in, '\n', State.SIZE_LINE);
          if (verifier != null) {
            verifier.verifyChunk(requireNonNull(chunkSignature), requireNonNull(digest).digest());
          }
        }
        case TRAILER -> {
          if (readLine(in, MAX_TRAILER_BYTES - trailerBytes - 2, "trailer")) {
            trailerBytes += lineLen + 2;
            trailerLine();
            lineLen = 0;
          }
        }
        case FINAL_LINE -> {
          if (readLine(in, 0, "final CRLF")) {
            state = State.DONE;
            lineLen = 0;
          }
        }
        case DONE -> throw invalid("unexpected data after the final chunk");
      }
    }
  }

  /**
   * Decodes the readable bytes of a Netty buffer (e.g. Armeria's {@code HttpData.byteBuf()}),
   * composite or not, without copying; the buffer's reader index is not moved.
   *
   * @see #feed(ByteBuffer, Consumer)
   */
  public void feed(ByteBuf in, Consumer<ByteBuffer> sink) {
    for (ByteBuffer b : in.nioBuffers()) {
      feed(b, sink);
    }
  }

  /**
   * Ends the body.
   *
   * @return the trailer fields by lower-case name, in order, without the trailer signature
   * @throws S3Exception IncompleteBody if the body ended early, or the trailer was not valid
   */
  public Map<String, String> finish() {
    // Some clients end the body right after the last chunk or trailer line, without the final CRLF.
    if (state == State.FINAL_LINE && lineLen == 0) {
      state = State.DONE;
    } else if (state == State.TRAILER && lineLen == 0) {
      endTrailer();
    }
    if (state != State.DONE) {
      throw S3ErrorCode.INCOMPLETE_BODY.exception(
          "The aws-chunked body ended before its final chunk (" + decoded + " payload bytes decoded"
              + (decodedLength.isPresent() ? ", x-amz-decoded-content-length: " + decodedLength.getAsLong() : "") + ").");
    }
    return Collections.unmodifiableMap(trailers);
  }

  /** Whether the final chunk (and trailer) have been read. */
  public boolean isComplete() {
    return state == State.DONE;
  }

  /** Payload bytes decoded so far. */
  public long decodedBytes() {
    return decoded;
  }

  private void sizeLine() {
    String l = new String(line, 0, lineLen, StandardCharsets.US_ASCII);
    int semi = l.indexOf(';');
    String hex = semi < 0 ? l : l.substring(0, semi);
    long size = parseHex(hex);
    if (size > maxChunkSize) {
      throw invalid("chunk size " + size + " (expected: <= " + maxChunkSize + ")");
    }
    if (decodedLength.isPresent() && decoded + size > decodedLength.getAsLong()) {
      throw S3ErrorCode.INCOMPLETE_BODY.exception("The aws-chunked body holds more than x-amz-decoded-content-length: "
          + decodedLength.getAsLong() + " bytes (a chunk of " + size + " after " + decoded + ").");
    }
    chunkSignature = null;
    if (verifier != null) {
      String ext = semi < 0 ? "" : l.substring(semi + 1);
      if (!ext.startsWith("chunk-signature=") || !PayloadMode.isSha256Hex(ext.substring(16))) {
        throw invalid("chunk extension '" + ext + "' (expected: chunk-signature=<64 hex digits>)");
      }
      chunkSignature = ext.substring(16);
    }
    if (size > 0) {
      remaining = size;
      state = State.DATA;
      return;
    }
    if (verifier != null) {
      verifier.verifyChunk(requireNonNull(chunkSignature), requireNonNull(digest).digest());
    }
    if (decodedLength.isPresent() && decoded != decodedLength.getAsLong()) {
      throw S3ErrorCode.INCOMPLETE_BODY.exception("The aws-chunked body holds " + decoded
          + " bytes (expected: x-amz-decoded-content-length: " + decodedLength.getAsLong() + ").");
    }
    state = mode.hasTrailer() ? State.TRAILER : State.FINAL_LINE;
  }

  private void trailerLine() {
    if (lineLen == 0) {
      if (trailers.isEmpty() && trailerSignature == null && !sawEmptyTrailerLine
          && (!declaredTrailers.isEmpty() || verifier != null)) {
        // Some signers end the zero-size chunk with its own CRLF before the trailer (the S3
        // documentation's example does): skip one empty line while a trailer is still expected.
        sawEmptyTrailerLine = true;
        return;
      }
      endTrailer();
      return;
    }
    String l = new String(line, 0, lineLen, StandardCharsets.UTF_8);
    int colon = l.indexOf(':');
    if (colon <= 0) {
      throw malformedTrailer("trailer line '" + l + "' (expected: name:value)");
    }
    String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String value = l.substring(colon + 1).strip();
    if (name.equals(TRAILER_SIGNATURE)) {
      if (mode != PayloadMode.STREAMING_SIGNED_TRAILER || trailerSignature != null) {
        throw malformedTrailer("unexpected " + TRAILER_SIGNATURE);
      }
      trailerSignature = value;
      return;
    }
    if (trailerSignature != null) {
      throw malformedTrailer("trailer field '" + name + "' after " + TRAILER_SIGNATURE);
    }
    if (!declaredTrailers.contains(name)) {
      throw malformedTrailer("trailer field '" + name + "' (expected one of x-amz-trailer: " + declaredTrailers + ")");
    }
    if (trailers.putIfAbsent(name, value) != null) {
      throw malformedTrailer("trailer field '" + name + "' repeated");
    }
  }

  private void endTrailer() {
    for (String d : declaredTrailers) {
      if (!trailers.containsKey(d)) {
        throw malformedTrailer("trailer field '" + d + "' declared in x-amz-trailer but not sent");
      }
    }
    if (verifier != null) {
      if (trailerSignature == null) {
        throw malformedTrailer(TRAILER_SIGNATURE + " missing");
      }
      StringBuilder canonical = new StringBuilder();
      trailers.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
      verifier.verifyTrailer(trailerSignature, canonical.toString());
    }
    state = State.DONE;
  }

  /**
   * Accumulates a CRLF-terminated line into {@link #line}; true when complete, with
   * {@link #lineLen} then the length without CRLF (the caller resets it). A line longer than
   * {@code max} bytes fails before it is buffered.
   */
  private boolean readLine(ByteBuffer in, int max, String what) {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (b == '\n') {
        if (lineLen == 0 || line[lineLen - 1] != '\r') {
          throw invalid(what + " not terminated by CRLF");
        }
        lineLen--;
        return true;
      }
      if (lineLen >= max + 1) {
        throw invalid(what + " longer than " + max + " bytes");
      }
      if (lineLen == line.length) {
        line = Arrays.copyOf(line, Math.min(line.length * 2, max + 1));
      }
      line[lineLen++] = b;
    }
    return false;
  }

  private void expect(ByteBuffer in, char c, State next) {
    byte b = in.get();
    if (b != c) {
      throw invalid("chunk data not followed by CRLF (byte 0x" + Integer.toHexString(b & 0xFF) + " after "
          + decoded + " payload bytes)");
    }
    state = next;
  }

  private static long parseHex(String hex) {
    if (hex.isEmpty() || hex.length() > 16) {
      throw invalid("chunk size '" + hex + "' (expected: 1..16 hex digits)");
    }
    long v = 0;
    for (int i = 0; i < hex.length(); i++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0) {
        throw invalid("chunk size '" + hex + "' (expected: hex digits)");
      }
      v = v << 4 | d;
    }
    if (v < 0) {
      throw invalid("chunk size '" + hex + "' (expected: < 2^63)");
    }
    return v;
  }

  private static S3Exception invalid(String why) {
    return S3ErrorCode.INCOMPLETE_BODY.exception("Malformed aws-chunked body: " + why + ".");
  }

  private static S3Exception malformedTrailer(String why) {
    return S3ErrorCode.MALFORMED_TRAILER.exception(
        "The request contained trailing data that was not well-formed: " + why + ".");
  }
}

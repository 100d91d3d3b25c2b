package dev.estuary.s3.internal.server;

import dev.estuary.s3.internal.auth.AwsChunkedDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The payload of an aws-chunked body as a blocking stream: raw bytes are pulled from the
 * connection only when the decoded ones are used up, fed to s3-auth's push decoder, and the
 * decoded runs handed out. At end of body the decoder is finished (verifying the last chunk and
 * the trailer) and the trailers published.
 */
final class ChunkedPayloadStream extends InputStream {
  private final InputStream raw;
  private final AwsChunkedDecoder decoder;
  private final Consumer<Map<String, String>> onTrailers;
  private final byte[] in = new byte[256 * 1024];
  private byte[] out = new byte[256 * 1024];
  private int outPos;
  private int outLen;
  private boolean eof;

  ChunkedPayloadStream(InputStream raw, AwsChunkedDecoder decoder,
      Consumer<Map<String, String>> onTrailers) {
    this.raw = raw;
    this.decoder = decoder;
    this.onTrailers = onTrailers;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (outPos == outLen) {
      if (eof) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, outLen - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  private void fill() throws IOException {
    outPos = 0;
    outLen = 0;
    int n = raw.read(in);
    if (n < 0) {
      eof = true;
      onTrailers.accept(decoder.finish());
      return;
    }
    decoder.feed(ByteBuffer.wrap(in, 0, n), slice -> {
      int r = slice.remaining();
      if (outLen + r > out.length) {
        byte[] bigger = new byte[Math.max(out.length * 2, outLen + r)];
        System.arraycopy(out, 0, bigger, 0, outLen);
        out = bigger;
      }
      slice.get(out, outLen, r);
      outLen += r;
    });
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }
}

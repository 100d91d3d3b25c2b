package dev.estuary.s3.internal.server;

import dev.estuary.s3.internal.auth.SigV4;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * A body whose SHA-256 was signed ({@code x-amz-content-sha256: <hex>}): hashed as it is read and
 * refused at end of stream with {@code XAmzContentSHA256Mismatch} when it differs, before the
 * upload can be published.
 */
final class Sha256CheckingStream extends FilterInputStream {
  private final MessageDigest sha = SigV4.sha256();
  private final String expected;
  private boolean checked;

  Sha256CheckingStream(InputStream in, String expectedHex) {
    super(in);
    this.expected = expectedHex.toLowerCase(Locale.ROOT);
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c < 0) {
      check();
    } else {
      sha.update((byte) c);
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      check();
    } else {
      sha.update(b, off, n);
    }
    return n;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    String got = SigV4.hex(sha.digest());
    if (!got.equals(expected)) {
      throw new S3Exception(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH,
          "x-amz-content-sha256: the body's SHA-256 is " + got + " (expected: " + expected
              + ", as signed)").withDetail("ClientComputedContentSHA256", expected)
          .withDetail("S3ComputedContentSHA256", got);
    }
  }
}

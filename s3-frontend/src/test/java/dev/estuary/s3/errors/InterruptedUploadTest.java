package dev.estuary.s3.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An upload whose connection breaks half-way never leaves a visible object, nor a partial file in
 * the volume, nor damages the object it would have replaced (issue 3, "Namespace mapping").
 */
class InterruptedUploadTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static final byte[] BODY = TestData.bytes(4 * 1024 * 1024, 5);

  /** Sends the signed headers and the first {@code sent} body bytes, then drops the connection. */
  private static void putAndHangUp(String bucket, String key, int sent) throws IOException {
    String path = RawS3.path(bucket, key);
    Map<String, List<String>> headers = S3.raw().signedHeaders("PUT", path,
        Map.of("Content-Length", Integer.toString(BODY.length)), BODY);
    StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\n");
    headers.forEach((name, values) -> head.append(name).append(": ")
        .append(String.join(",", values)).append("\r\n"));
    head.append("\r\n");
    try (Socket s = new Socket(S3.endpoint().getHost(), S3.endpoint().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(BODY, 0, sent);
      out.flush();
      s.setSoLinger(true, 0);
    }
  }

  /** The server notices the broken connection asynchronously; give it a few seconds. */
  private static void awaitUnchanged(Leftovers before, String what) throws InterruptedException {
    AssertionError last = null;
    for (int i = 0; i < 50; i++) {
      try {
        before.assertUnchanged(S3, what);
        return;
      } catch (AssertionError e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw last;
  }

  @Test
  void interruptedPutOfANewKeyLeavesNothing() throws Exception {
    String bucket = S3.createBucket("interrupt-new");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    putAndHangUp(bucket, "dir/partial.bin", BODY.length / 2);
    awaitUnchanged(before, "a PUT cut off half-way");
    assertThatThrownBy(() -> S3.client().headObject(b -> b.bucket(bucket)
        .key("dir/partial.bin"))).isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void interruptedOverwriteKeepsTheOldObject() throws Exception {
    String bucket = S3.createBucket("interrupt-over");
    S3.client().putObject(b -> b.bucket(bucket).key("keep"), RequestBody.fromString("old"));
    Leftovers before = Leftovers.snapshot(S3, bucket);
    putAndHangUp(bucket, "keep", BODY.length - 1);
    awaitUnchanged(before, "an overwrite cut off one byte short");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("keep")).asUtf8String())
        .isEqualTo("old");
  }

  @Test
  void theSameRequestSentWholeSucceeds() throws Exception {
    // The control: the hand-written request is right; only the cut makes the tests above fail.
    String bucket = S3.createBucket("interrupt-ok");
    String path = RawS3.path(bucket, "whole");
    Map<String, List<String>> headers = S3.raw().signedHeaders("PUT", path,
        Map.of("Content-Length", Integer.toString(BODY.length)), BODY);
    StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\n");
    headers.forEach((name, values) -> head.append(name).append(": ")
        .append(String.join(",", values)).append("\r\n"));
    head.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket(S3.endpoint().getHost(), S3.endpoint().getPort())) {
      s.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(BODY);
      s.getOutputStream().flush();
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
      assertThat(status).isEqualTo("HTTP/1.1 200");
    }
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("whole")).asByteArray())
        .isEqualTo(BODY);
  }
}

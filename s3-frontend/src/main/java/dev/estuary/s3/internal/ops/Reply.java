package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What a handler answers: a status, headers, and either a small body in memory or a streamer that
 * writes a large one with backpressure.
 *
 * @param status the HTTP status
 * @param headers the response headers (besides the status, request ids and length, which the
 *     server adds)
 * @param body a small body, or empty
 * @param streamer writes a large body of {@code streamLength} bytes, or null
 * @param streamLength the number of bytes the streamer writes
 */
public record Reply(
    int status, HttpHeaders headers, byte[] body, @Nullable Streamer streamer, long streamLength) {

  /** Validates the components. */
  public Reply {
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
  }

  /** Writes a response body in pieces, each handed to a {@link BodySink}. */
  @FunctionalInterface
  public interface Streamer {
    /**
     * Writes the whole body.
     *
     * @param sink where the bytes go; blocks while the client is slow
     * @throws IOException when reading the source fails
     */
    void stream(BodySink sink) throws IOException;
  }

  /**
   * An empty reply.
   *
   * @param status the status
   * @param headers the headers
   * @return the reply
   */
  public static Reply empty(int status, HttpHeaders headers) {
    return new Reply(status, headers, new byte[0], null, 0);
  }

  /**
   * An empty reply with no headers.
   *
   * @param status the status
   * @return the reply
   */
  public static Reply empty(int status) {
    return empty(status, HttpHeaders.of());
  }

  /**
   * A 200 reply carrying an XML document.
   *
   * @param xml the document
   * @return the reply
   */
  public static Reply xml(String xml) {
    return xml(200, HttpHeaders.builder(), xml);
  }

  /**
   * A reply carrying an XML document.
   *
   * @param status the status
   * @param headers other headers
   * @param xml the document
   * @return the reply
   */
  public static Reply xml(int status, HttpHeadersBuilder headers, String xml) {
    headers.contentType(MediaType.XML_UTF_8);
    return new Reply(status, headers.build(), xml.getBytes(StandardCharsets.UTF_8), null, 0);
  }
}

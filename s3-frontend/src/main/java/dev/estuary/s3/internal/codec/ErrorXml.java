package dev.estuary.s3.internal.codec;

import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The S3 error document (S3 API Reference, "Error responses" → "REST error responses"):
 *
 * <pre>{@code
 * <?xml version="1.0" encoding="UTF-8"?>
 * <Error><Code>NoSuchKey</Code><Message>...</Message><Key>a/b</Key>
 *   <Resource>/bucket/a/b</Resource><RequestId>...</RequestId><HostId>...</HostId></Error>
 * }</pre>
 *
 * The code-specific elements ({@link S3Exception#details()}) follow {@code <Message>} in the order
 * they were added, as S3 does. The document is sent with {@code Content-Type: application/xml}
 * for every status except 304 and responses to HEAD, which carry no body.
 */
public final class ErrorXml {
  /** The media type of the error document. */
  public static final String CONTENT_TYPE = "application/xml";

  private ErrorXml() {}

  /**
   * Encodes the error document for {@code error}.
   *
   * @param requestId the request id also sent in {@code x-amz-request-id}, or null to omit it
   * @param hostId the host id also sent in {@code x-amz-id-2}, or null to omit it
   */
  public static byte[] encode(S3Exception error, @Nullable String requestId, @Nullable String hostId) {
    return toXml(error, requestId, hostId).getBytes(StandardCharsets.UTF_8);
  }

  /** The error document as a string; see {@link #encode}. */
  public static String toXml(S3Exception error, @Nullable String requestId, @Nullable String hostId) {
    StringBuilder b = new StringBuilder(256);
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
    XmlText.element(b, "Code", error.errorCode().code());
    XmlText.element(b, "Message", error.getMessage());
    for (S3Exception.Detail d : error.details()) {
      XmlText.element(b, d.name(), d.value());
    }
    error.resource().ifPresent(r -> XmlText.element(b, "Resource", r));
    if (requestId != null) {
      XmlText.element(b, "RequestId", requestId);
    }
    if (hostId != null) {
      XmlText.element(b, "HostId", hostId);
    }
    return b.append("</Error>").toString();
  }
}

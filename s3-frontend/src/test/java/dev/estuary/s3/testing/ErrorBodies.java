package dev.estuary.s3.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Keeps the raw body of the last error response a synchronous client received, because the SDK
 * parses S3 error XML into an exception and drops the document; tests check the document itself
 * (Code, Message, RequestId), not the SDK's reading of it.
 */
public final class ErrorBodies implements ExecutionInterceptor {
  private final AtomicReference<byte[]> last = new AtomicReference<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    // A response without a body (HEAD, 304) must not leave an older body for the next check.
    last.set(null);
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Optional<InputStream> body = context.responseBody();
    if (context.httpResponse().statusCode() < 300 || body.isEmpty()) {
      return body;
    }
    try (InputStream in = body.get()) {
      byte[] bytes = in.readAllBytes();
      last.set(bytes);
      return Optional.of(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses the last error body received, which must belong to the given exception.
   *
   * @param e the exception the SDK threw for it
   * @return the parsed document
   */
  public ErrorXml of(S3Exception e) {
    byte[] b = last.getAndSet(null);
    if (b == null) {
      throw new AssertionError("no error body captured for status " + e.statusCode()
          + " (expected: an XML Error document): " + e);
    }
    return ErrorXml.parse(b);
  }
}

package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.estuary.s3.internal.codec.ErrorXml;
import dev.estuary.s3.internal.codec.HttpDate;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * AWS-shaped error documents for what Armeria answers before the S3 service runs: protocol
 * violations (a path with {@code /../}, a header section too large) and timeouts. Each gets an S3
 * code and a request id like every other failure.
 */
public final class S3ErrorHandler implements ServerErrorHandler {
  private final String hostId;
  private final Clock clock;

  /**
   * Creates the handler.
   *
   * @param hostId the {@code x-amz-id-2} value
   * @param clock the server's clock, for the {@code Date} header
   */
  public S3ErrorHandler(String hostId, Clock clock) {
    this.hostId = hostId;
    this.clock = clock;
  }

  @Override
  public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    S3ErrorCode code = cause instanceof RequestTimeoutException
        ? S3ErrorCode.REQUEST_TIMEOUT : S3ErrorCode.INTERNAL_ERROR;
    // The exception's text stays out of the body: it would show the client our internals.
    return render(ctx.request().headers(), code, code.defaultMessage()).toHttpResponse();
  }

  @Override
  public @Nullable AggregatedHttpResponse onProtocolViolation(ServiceConfig config,
      @Nullable RequestHeaders headers, HttpStatus status, @Nullable String description,
      @Nullable Throwable cause) {
    return render(headers, code(status), description == null ? status.reasonPhrase() : description);
  }

  @Override
  public @Nullable AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx,
      ServiceConfig config, @Nullable RequestHeaders headers, HttpStatus status,
      @Nullable String description, @Nullable Throwable cause) {
    return render(headers, code(status), description == null ? status.reasonPhrase() : description);
  }

  private static S3ErrorCode code(HttpStatus status) {
    return switch (status.code()) {
      case 400 -> S3ErrorCode.INVALID_URI;
      case 403 -> S3ErrorCode.ACCESS_DENIED;
      case 405 -> S3ErrorCode.METHOD_NOT_ALLOWED;
      case 408 -> S3ErrorCode.REQUEST_TIMEOUT;
      case 413 -> S3ErrorCode.MAX_MESSAGE_LENGTH_EXCEEDED;
      case 431 -> S3ErrorCode.REQUEST_HEADER_SECTION_TOO_LARGE;
      case 503 -> S3ErrorCode.SERVICE_UNAVAILABLE;
      default -> status.code() >= 500 ? S3ErrorCode.INTERNAL_ERROR : S3ErrorCode.INVALID_REQUEST;
    };
  }

  private AggregatedHttpResponse render(@Nullable RequestHeaders headers, S3ErrorCode code,
      String message) {
    String id = String.format("%016X", ThreadLocalRandom.current().nextLong());
    ResponseHeaders h = ResponseHeaders.builder(code.httpStatus())
        .add("x-amz-request-id", id).add("x-amz-id-2", hostId)
        .add("date", HttpDate.format(clock.instant()))
        .contentType(MediaType.XML_UTF_8).build();
    if (headers != null && headers.method() == HttpMethod.HEAD) {
      return AggregatedHttpResponse.of(h);
    }
    return AggregatedHttpResponse.of(h,
        HttpData.wrap(ErrorXml.encode(new S3Exception(code, message), id, hostId)));
  }
}

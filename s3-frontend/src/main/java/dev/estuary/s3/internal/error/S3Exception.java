package dev.estuary.s3.internal.error;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An S3 error answer: an {@link S3ErrorCode}, the message for the client, optionally the resource
 * it concerns, and the extra elements some codes carry in the error document ({@code <Key>},
 * {@code <BucketName>}, {@code <Condition>}, {@code <StringToSign>}, ...), in document order.
 *
 * <p>Immutable: the {@code with...} methods return a copy. Stack traces are not filled in, since
 * these are expected answers to clients, not faults.
 */
public final class S3Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One extra element of the error document, e.g. {@code <BucketName>b</BucketName>}. */
  public record Detail(String name, String value) {
    /** Checks the element name is a plain XML name (letters, digits, '-', '_'). */
    public Detail {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')
          || Character.isDigit(name.charAt(0)) || name.charAt(0) == '-') {
        throw new IllegalArgumentException("detail name: '" + name + "' (expected: an XML element name)");
      }
    }
  }

  private final S3ErrorCode errorCode;
  private final @Nullable String resource;
  private final List<Detail> details;
  private final List<Detail> headers;

  /** An error with {@code code} and {@code message}. */
  public S3Exception(S3ErrorCode code, String message) {
    this(code, message, null, List.of(), null, List.of());
  }

  /** An error with {@code code}, {@code message} and an underlying cause (logged, never sent). */
  public S3Exception(S3ErrorCode code, String message, @Nullable Throwable cause) {
    this(code, message, null, List.of(), cause, List.of());
  }

  private S3Exception(
      S3ErrorCode code,
      String message,
      @Nullable String resource,
      List<Detail> details,
      @Nullable Throwable cause,
      List<Detail> headers) {
    super(requireNonNull(message, "message"), cause, false, false);
    this.errorCode = requireNonNull(code, "code");
    this.resource = resource;
    this.details = List.copyOf(details);
    this.headers = List.copyOf(headers);
  }

  /** The error code. */
  public S3ErrorCode errorCode() {
    return errorCode;
  }

  /** The resource the error concerns (e.g. {@code /bucket/key}), if set. */
  public Optional<String> resource() {
    return Optional.ofNullable(resource);
  }

  /** The extra elements, in document order. */
  public List<Detail> details() {
    return details;
  }

  /** Returns a copy with {@code resource} set. */
  public S3Exception withResource(String resource) {
    return new S3Exception(errorCode, getMessage(), requireNonNull(resource, "resource"), details,
        getCause(), headers);
  }

  /** Returns a copy with the element {@code <name>value</name>} appended. */
  public S3Exception withDetail(String name, String value) {
    List<Detail> d = new ArrayList<>(details);
    d.add(new Detail(name, value));
    return new S3Exception(errorCode, getMessage(), resource, d, getCause(), headers);
  }

  /**
   * The response headers the error carries besides the document (e.g. {@code
   * x-amz-delete-marker} on a 404 for a key whose latest version is a delete marker).
   */
  public List<Detail> headers() {
    return headers;
  }

  /** Returns a copy that also sends the response header {@code name: value}. */
  public S3Exception withHeader(String name, String value) {
    List<Detail> h = new ArrayList<>(headers);
    h.add(new Detail(name, value));
    return new S3Exception(errorCode, getMessage(), resource, details, getCause(), h);
  }

  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage());
  }

  @Override
  public String toString() {
    return "S3Exception[" + errorCode.code() + " " + errorCode.httpStatus() + ": " + getMessage() + "]";
  }
}

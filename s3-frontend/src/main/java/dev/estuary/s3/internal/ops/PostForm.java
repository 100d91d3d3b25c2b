package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.multipart.BodyPart;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.common.stream.StreamMessage;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The {@code multipart/form-data} body of a POST Object (browser upload, S3 API Reference
 * "PostObject"): the form fields that precede the {@code file} field, read whole within limits,
 * and the file itself as the request body, streamed (never buffered whole). Fields after {@code
 * file} are ignored, as S3 does. Parsing is Armeria's streaming {@link Multipart} decoder, pulled
 * one part at a time from the handler's thread, so the connection is read only as fast as the
 * file is written.
 *
 * <p>Field names are case-insensitive (S3 accepts {@code kEy}, {@code pOLICy}); they are kept
 * lower-cased. A field given twice is refused: which one the policy checked and which one was
 * acted on could differ.
 */
public final class PostForm implements RequestBody {
  /**
   * What S3 allows before the file: 20 KB of form fields (S3 API Reference, PostObject, and the
   * error {@code MaxPostPreDataLengthExceededError}).
   */
  public static final int MAX_FIELD_BYTES = 20 * 1024;
  /** Fields before the file, at most (each costs a map entry; 20 KB of tiny fields is ~1000). */
  public static final int MAX_FIELDS = 256;

  private final Map<String, String> fields;
  private final @Nullable String filename;
  private final InputStream file;
  private final Parts parts;
  private boolean streamed;

  private PostForm(Map<String, String> fields, @Nullable String filename, InputStream file,
      Parts parts) {
    this.fields = Collections.unmodifiableMap(fields);
    this.filename = filename;
    this.file = file;
    this.parts = parts;
  }

  /**
   * Reads the form up to the start of the file's content.
   *
   * @param raw the request body
   * @param contentType the request's Content-Type
   * @param idle how long to wait for the next piece of the body
   * @return the form, its file not yet read
   * @throws S3Exception {@code RequestIsNotMultiPartContent}, {@code MalformedPOSTRequest},
   *     {@code MaxPostPreDataLengthExceeded}, {@code InvalidArgument}
   */
  public static PostForm read(InputStream raw, @Nullable String contentType, Duration idle)
      throws IOException {
    String boundary = boundary(contentType);
    Parts parts = new Parts(idle);
    Multipart.from(boundary, StreamMessage.of(raw)).bodyParts().subscribe(parts);
    Map<String, String> fields = new LinkedHashMap<>();
    int bytes = 0;
    try {
      while (true) {
        BodyPart part = parts.next();
        if (part == null) {
          throw S3ErrorCode.INVALID_ARGUMENT.exception(
              "POST requires exactly one file upload per request (no field named 'file')")
              .withDetail("ArgumentName", "file").withDetail("ArgumentValue", "0");
        }
        String name = part.name();
        if (name == null) {
          throw S3ErrorCode.MALFORMED_POST_REQUEST.exception(
              "a form part without Content-Disposition: form-data; name=\"...\"");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        InputStream content = part.content().toInputStream(d -> d);
        if (lower.equals("file")) {
          return new PostForm(fields, part.filename(), content, parts);
        }
        if (fields.size() >= MAX_FIELDS) {
          throw maxPreData("more than " + MAX_FIELDS + " form fields before the file");
        }
        int room = MAX_FIELD_BYTES - bytes - name.length();
        byte[] value = content.readNBytes(Math.max(room, 0) + 1);
        content.close();
        bytes += name.length() + value.length;
        if (bytes > MAX_FIELD_BYTES) {
          throw maxPreData("form fields before the file: more than " + MAX_FIELD_BYTES
              + " bytes (at field '" + name + "')");
        }
        if (fields.putIfAbsent(lower, new String(value, StandardCharsets.UTF_8)) != null) {
          throw S3ErrorCode.INVALID_ARGUMENT.exception("form field '" + name
              + "' given twice (expected: each field once)")
              .withDetail("ArgumentName", name);
        }
      }
    } catch (IOException | RuntimeException e) {
      parts.cancel();
      throw e;
    }
  }

  private static S3Exception maxPreData(String why) {
    return S3ErrorCode.MAX_POST_PRE_DATA_LENGTH_EXCEEDED.exception(why)
        .withDetail("MaxPostPreDataLength", Integer.toString(MAX_FIELD_BYTES));
  }

  private static String boundary(@Nullable String contentType) {
    MediaType type = null;
    if (contentType != null) {
      try {
        type = MediaType.parse(contentType);
      } catch (IllegalArgumentException e) {
        // not a media type: refused below
      }
    }
    if (type == null || !type.is(MediaType.MULTIPART_FORM_DATA)) {
      throw S3ErrorCode.REQUEST_IS_NOT_MULTIPART_CONTENT.exception(
          "Bucket POST must be of the enclosure-type multipart/form-data (Content-Type: "
              + contentType + ")");
    }
    String boundary = type.parameters().getOrDefault("boundary", java.util.List.of()).stream()
        .findFirst().orElse("");
    if (boundary.isEmpty() || boundary.length() > 70) {
      throw S3ErrorCode.MALFORMED_POST_REQUEST.exception(
          "Content-Type: " + contentType + " (expected: a boundary parameter of 1..70 characters,"
              + " RFC 2046 §5.1.1)");
    }
    return boundary;
  }

  /**
   * The form fields before the file, by lower-case name.
   *
   * @return the fields
   */
  public Map<String, String> fields() {
    return fields;
  }

  /**
   * A field's value.
   *
   * @param name the lower-case field name
   * @return the value, or null when absent
   */
  public @Nullable String field(String name) {
    return fields.get(name);
  }

  /**
   * The file name the browser sent with the file (what {@code ${filename}} in the key stands for).
   *
   * @return the name, or null
   */
  public @Nullable String filename() {
    return filename;
  }

  /** The file's content; at its end the rest of the form is read and ignored. */
  @Override
  public synchronized InputStream stream() {
    if (streamed) {
      throw new IllegalStateException("the file of a POST form is read once");
    }
    streamed = true;
    return new FilterInputStream(file) {
      private boolean ended;

      @Override
      public int read() throws IOException {
        int c = super.read();
        if (c < 0) {
          end();
        }
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
          end();
        }
        return n;
      }

      private void end() throws IOException {
        if (!ended) {
          ended = true;
          parts.drain(MAX_FIELD_BYTES);
        }
      }
    };
  }

  @Override
  public long declaredLength() {
    return -1;
  }

  @Override
  public Map<String, String> trailers() {
    return Map.of();
  }

  @Override
  public byte[] readAll(int max) {
    throw new UnsupportedOperationException("the file of a POST form is streamed");
  }

  @Override
  public void discard() {
    parts.cancel();
  }

  /** Body parts pulled one at a time by a blocking reader. */
  private static final class Parts implements Subscriber<BodyPart> {
    private static final Object END = new Object();
    private final CompletableFuture<Subscription> subscription = new CompletableFuture<>();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Duration idle;

    Parts(Duration idle) {
      this.idle = requireNonNull(idle, "idle");
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription.complete(s);
    }

    @Override
    public void onNext(BodyPart part) {
      queue.add(part);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(t);
    }

    @Override
    public void onComplete() {
      queue.add(END);
    }

    @Nullable BodyPart next() throws IOException {
      Object o;
      try {
        subscription.get(idle.toMillis(), TimeUnit.MILLISECONDS).request(1);
        o = queue.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the form", e);
      } catch (ExecutionException | TimeoutException e) {
        throw S3ErrorCode.REQUEST_TIMEOUT.exception("no form part received for "
            + idle.toSeconds() + " s (expected: the body announced)");
      }
      if (o == null) {
        throw S3ErrorCode.REQUEST_TIMEOUT.exception("no form part received for "
            + idle.toSeconds() + " s (expected: the body announced)");
      }
      if (o == END) {
        return null;
      }
      if (o instanceof S3Exception e) {
        throw e;
      }
      if (o instanceof Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
          if (c instanceof S3Exception s3) {
            throw s3;
          }
        }
        throw new S3Exception(S3ErrorCode.MALFORMED_POST_REQUEST,
            "the body is not well-formed multipart/form-data (" + t.getMessage() + ")", t);
      }
      return (BodyPart) o;
    }

    /** Reads and ignores what follows the file (S3 ignores fields after it), up to a limit. */
    void drain(int limit) throws IOException {
      int left = limit;
      BodyPart part;
      while ((part = next()) != null) {
        try (InputStream in = part.content().toInputStream(d -> d)) {
          left -= in.readNBytes(Math.max(left, 0) + 1).length;
        }
        if (left < 0) {
          cancel();
          return;
        }
      }
    }

    void cancel() {
      subscription.thenAccept(Subscription::cancel);
    }
  }
}

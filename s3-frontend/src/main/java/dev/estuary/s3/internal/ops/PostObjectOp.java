package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import dev.estuary.s3.internal.auth.PostSignatureVerifier;
import dev.estuary.s3.internal.codec.PostPolicy;
import dev.estuary.s3.internal.codec.PostResponseXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * POST Object ({@code POST /bucket}, multipart/form-data; S3 API Reference "PostObject" and
 * "Browser-Based Uploads Using POST"). S3Service has read the fields before the file and verified
 * their signature ({@link PostForm}, {@link PostSignatureVerifier}); here the policy document is
 * checked (expiration, every condition, every field covered by one), the form becomes the
 * equivalent PutObject (the key with {@code ${filename}} replaced, {@code Content-*}, {@code
 * Cache-Control}, {@code Expires}, {@code x-amz-meta-*}, {@code acl}, {@code tagging}, checksums,
 * storage class, as the headers PutObject reads) and the file streams through the PutObject
 * handler, so an upload by form is stored exactly as one by PUT; {@code content-length-range} is
 * enforced as the file streams (nothing is published when it fails). The answer follows {@code
 * success_action_redirect} (303 to it with bucket, key and etag), else {@code
 * success_action_status} (200, 201 with a PostResponse document, anything else 204).
 */
public final class PostObjectOp implements Handler {
  /** Form fields that are read here, not passed on to PutObject. */
  private static final Set<String> CONTROL = Set.of("key", "bucket", "policy", "signature",
      "awsaccesskeyid", "x-amz-signature", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
      "success_action_redirect", "redirect", "success_action_status", "acl", "tagging", "file");
  /** Form fields passed to PutObject as the header of the same name. */
  private static final Set<String> AS_HEADERS = Set.of("content-type", "cache-control",
      "content-disposition", "content-encoding", "content-language", "expires", "content-md5",
      "x-amz-storage-class", "x-amz-website-redirect-location");
  /** Prefixes of form fields passed to PutObject as headers. */
  private static final String[] HEADER_PREFIXES = {"x-amz-meta-", "x-amz-checksum-",
      "x-amz-server-side-encryption", "x-amz-object-lock-"};

  private final Handler put;

  /**
   * @param put the PutObject handler the file is stored through
   */
  PostObjectOp(Handler put) {
    this.put = requireNonNull(put, "put");
  }

  @Override
  public Reply handle(OpRequest req, Store store) throws Exception {
    if (!(req.body() instanceof PostForm form)) {
      throw new IllegalStateException("POST Object routed without its form (S3Service reads it)");
    }
    String bucket = req.requireBucket();
    Map<String, String> fields = form.fields();
    if (fields.containsKey("x-amz-security-token")) {
      throw S3ErrorCode.INVALID_TOKEN.exception(
          "x-amz-security-token: session tokens are not issued by this server (expected: none)");
    }
    String rawKey = fields.get("key");
    String key = keyOf(form);
    if (rawKey == null) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception("Bucket POST must contain a field named 'key'."
          + "  If it is specified, please check the order of the fields.")
          .withDetail("ArgumentName", "key").withDetail("ArgumentValue", "");
    }
    if (key == null) {
      throw S3ErrorCode.INVALID_ARGUMENT.exception(
          "key: '" + rawKey + "' is empty once ${filename} is replaced (expected: a key)")
          .withDetail("ArgumentName", "key").withDetail("ArgumentValue", rawKey);
    }
    long[] range = null;
    String policyField = fields.get("policy");
    if (policyField != null) {
      PostPolicy policy = PostPolicy.parseBase64(policyField);
      if (!store.clock().instant().isBefore(policy.expiration())) {
        throw S3ErrorCode.ACCESS_DENIED.exception("Invalid according to Policy: Policy expired.");
      }
      // The conditions see the key as stored and the bucket the request is addressed to.
      Map<String, String> checked = new LinkedHashMap<>(fields);
      checked.put("key", key);
      checked.put("bucket", bucket);
      policy.check(checked, PostSignatureVerifier.SIGNATURE_FIELDS);
      range = policy.lengthRange();
    }
    RequestHeaders headers = putHeaders(req, bucket, key, fields);
    RequestBody file = range == null ? form : new RangeCheckedBody(form, range[0], range[1]);
    Reply stored = put.handle(new OpRequest(req.requestId(), Operation.PUT_OBJECT, bucket, key,
        QueryParams.of(), headers, req.principal(), file, req.clientAddress(), req.secureTransport()), store);
    return answer(req, bucket, key, fields, stored);
  }

  /**
   * Returns the key a form uploads to: its {@code key} field with {@code ${filename}} replaced by
   * the name of the file the user chose (S3 API Reference, PostObject). {@code S3Service} gives it
   * to the request, so the access decorator decides {@code s3:PutObject} on the object.
   *
   * @param form the form, read up to its file
   * @return the key, or null when the field is missing or empty once replaced
   */
  public static @Nullable String keyOf(PostForm form) {
    String rawKey = form.field("key");
    if (rawKey == null) {
      return null;
    }
    String filename = form.filename();
    String key = rawKey.replace("${filename}", filename == null ? "" : filename);
    return key.isEmpty() ? null : key;
  }

  /** The headers of the PutObject the form stands for. */
  private static RequestHeaders putHeaders(OpRequest req, String bucket, String key,
      Map<String, String> fields) {
    RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.PUT, "/" + bucket + "/" + key);
    String authority = req.headers().authority();
    if (authority != null) {
      h.authority(authority);
    }
    for (Map.Entry<String, String> f : fields.entrySet()) {
      String name = f.getKey();
      if (CONTROL.contains(name)) {
        continue;
      }
      if (AS_HEADERS.contains(name) || startsWithAny(name)) {
        h.add(name, f.getValue());
      }
      // Any other field the policy allowed is ignored, as S3 ignores it.
    }
    String acl = fields.get("acl");
    if (acl != null) {
      h.add("x-amz-acl", acl);
    }
    String tagging = fields.get("tagging");
    if (tagging != null) {
      h.add("x-amz-tagging", taggingHeader(tagging));
    }
    return h.build();
  }

  private static boolean startsWithAny(String name) {
    for (String p : HEADER_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code tagging} field's Tagging document as the {@code x-amz-tagging} header form. */
  private static String taggingHeader(String xml) {
    dev.estuary.s3.internal.codec.Tagging t = dev.estuary.s3.internal.codec.Tagging.parse(
        xml.getBytes(StandardCharsets.UTF_8), dev.estuary.s3.internal.codec.Tagging.MAX_OBJECT_TAGS);
    StringBuilder sb = new StringBuilder();
    for (dev.estuary.s3.internal.codec.Tagging.Tag tag : t.tags()) {
      if (!sb.isEmpty()) {
        sb.append('&');
      }
      sb.append(encode(tag.key())).append('=').append(encode(tag.value()));
    }
    return sb.toString();
  }

  private Reply answer(OpRequest req, String bucket, String key, Map<String, String> fields,
      Reply stored) {
    String quoted = requireNonNull(stored.headers().get("etag"), "PutObject answered no ETag");
    String etag = quoted.length() >= 2 && quoted.startsWith("\"") ? quoted.substring(1,
        quoted.length() - 1) : quoted;
    String scheme = req.headers().scheme() == null ? "http" : req.headers().scheme();
    String authority = req.headers().authority();
    String location = scheme + "://" + (authority == null ? "localhost" : authority) + "/"
        + encodePath(bucket) + "/" + encodePath(key);
    HttpHeadersBuilder h = stored.headers().toBuilder().set("location", location);
    String redirect = fields.get("success_action_redirect");
    if (redirect == null) {
      redirect = fields.get("redirect");
    }
    URI target = redirectTarget(redirect);
    if (target != null) {
      String sep = target.getRawQuery() == null ? "?" : "&";
      h.set("location", redirect + sep + "bucket=" + encode(bucket) + "&key=" + encode(key)
          + "&etag=" + encode(quoted));
      return Reply.empty(303, h.build());
    }
    String status = fields.getOrDefault("success_action_status", "");
    return switch (status.strip()) {
      case "200" -> Reply.empty(200, h.build());
      case "201" -> Reply.xml(201, h, PostResponseXml.encode(location, bucket, key, etag));
      // S3 answers 204 for an absent or unknown status (ceph s3-tests:
      // test_post_object_set_invalid_success_code expects 204 for 404).
      default -> Reply.empty(204, h.build());
    };
  }

  /** An http(s) URL to redirect to, or null (S3 falls back to the status for anything else). */
  private static @Nullable URI redirectTarget(@Nullable String redirect) {
    if (redirect == null || redirect.isBlank()) {
      return null;
    }
    try {
      URI u = new URI(redirect);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Percent-encoding of a query value: everything but RFC 3986 unreserved characters. */
  private static String encode(String s) {
    return dev.estuary.s3.internal.auth.SigV4.uriEncode(s.getBytes(StandardCharsets.UTF_8), true);
  }

  private static String encodePath(String s) {
    return dev.estuary.s3.internal.auth.SigV4.uriEncode(s.getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * The file with the policy's {@code content-length-range} enforced as it streams: a byte past
   * the maximum fails the read before it reaches the object (EntityTooLarge), the end of a file
   * under the minimum fails at end of stream (EntityTooSmall); either way PutObject publishes
   * nothing.
   */
  private static final class RangeCheckedBody implements RequestBody {
    private final RequestBody form;
    private final long min;
    private final long max;

    RangeCheckedBody(RequestBody form, long min, long max) {
      this.form = form;
      this.min = min;
      this.max = max;
    }

    @Override
    public InputStream stream() {
      return new FilterInputStream(form.stream()) {
        private long count;

        @Override
        public int read() throws IOException {
          int c = super.read();
          account(c < 0 ? -1 : 1);
          return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          // Never hand on more than one byte past the maximum: the excess is refused, not stored.
          int n = super.read(b, off, (int) Math.min(len, Math.max(1, max - count + 1)));
          account(n);
          return n;
        }

        private void account(int n) {
          if (n < 0) {
            if (count < min) {
              throw S3ErrorCode.ENTITY_TOO_SMALL.exception("Your proposed upload is smaller than"
                  + " the minimum allowed size: " + count + " bytes (expected: >= " + min
                  + ", the policy's content-length-range)")
                  .withDetail("ProposedSize", Long.toString(count))
                  .withDetail("MinSizeAllowed", Long.toString(min));
            }
            return;
          }
          count += n;
          if (count > max) {
            throw S3ErrorCode.ENTITY_TOO_LARGE.exception("Your proposed upload exceeds the"
                + " maximum allowed size: more than " + max + " bytes (expected: <= " + max
                + ", the policy's content-length-range)")
                .withDetail("ProposedSize", Long.toString(count))
                .withDetail("MaxSizeAllowed", Long.toString(max));
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
    public byte[] readAll(int max) throws IOException {
      return form.readAll(max);
    }

    @Override
    public void discard() {
      form.discard();
    }
  }
}

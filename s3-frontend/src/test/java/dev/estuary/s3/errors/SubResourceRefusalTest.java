package dev.estuary.s3.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.RouteExpectations;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Issue 8, item 2: a request whose (method, target, sub-resource) this server does not implement
 * is refused with NotImplemented or MethodNotAllowed, and the bucket and the object it names are
 * exactly as before. Every refused cell of {@link RouteExpectations} is sent once, signed, with a
 * body for PUT and POST (what a fall-through PutObject would have stored): {@code DELETE
 * /bucket?versioning} used to delete the bucket, {@code PUT /bucket/key?cors} to overwrite the
 * object, {@code DELETE /bucket/key?encryption} to delete it.
 */
class SubResourceRefusalTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static final byte[] CONTENT = "the original bytes".getBytes(StandardCharsets.UTF_8);
  static final byte[] OTHER = "bytes that must never be stored".getBytes(StandardCharsets.UTF_8);

  /** Stays empty, so a request falling through to DeleteBucket would delete it. */
  static String empty;
  /** Holds exactly one object, {@code k}. */
  static String full;
  static String etag;

  @BeforeAll
  static void buckets() {
    empty = S3.createBucket("subres-empty");
    full = S3.createBucket("subres-full");
    etag = S3.client().putObject(b -> b.bucket(full).key("k"), RequestBody.fromBytes(CONTENT))
        .eTag();
  }

  @Test
  void everyRefusedCellAnswersItsErrorAndChangesNothing() {
    List<RouteExpectations.Cell> refused = RouteExpectations.all().stream()
        .filter(RouteExpectations.Cell::refused).toList();
    assertThat(refused).hasSizeGreaterThan(500);
    SoftAssertions soft = new SoftAssertions();
    RawS3 raw = S3.raw();
    for (RouteExpectations.Cell c : refused) {
      String path = switch (c.target()) {
        case "SERVICE" -> "/";
        case "BUCKET" -> RawS3.path(empty, "");
        default -> RawS3.path(full, "k");
      };
      Map<String, String> query = c.subResource().isEmpty() ? Map.of()
          : Map.of(c.subResource(), "");
      boolean body = c.method().equals("PUT") || c.method().equals("POST");
      RawS3.Response r = raw.send(c.method(), path, query, Map.of(),
          body ? OTHER : new byte[0]);
      soft.assertThat(r.status()).as(c + ": " + r.text()).isEqualTo(c.status());
      if (!c.method().equals("HEAD") && r.status() == c.status()) {
        soft.assertThat(r.error().code()).as(c.toString()).isEqualTo(c.code());
        soft.assertThat(r.error().complete()).as(c + ": " + r.text()).isTrue();
      }
      unchanged(soft, c);
    }
    soft.assertAll();
  }

  /** A well-formed version id no object has. */
  private static final String UNKNOWN_VERSION = "7fffffffffffffff0000000000000000";

  @Test
  void versionsAndPartsNamedWhereTheOperationTakesNoneChangeNothing() {
    RawS3 raw = S3.raw();
    SoftAssertions soft = new SoftAssertions();
    record Probe(String method, String bucket, String key, Map<String, String> query, int status,
        String code) {}
    for (Probe p : List.of(
        new Probe("PUT", full, "k", Map.of("versionId", "abc"), 400, "InvalidArgument"),
        new Probe("PUT", full, "k", Map.of("versionId", "null"), 400, "InvalidArgument"),
        new Probe("DELETE", full, "k", Map.of("partNumber", "1"), 400, "InvalidArgument"),
        new Probe("DELETE", full, "k", Map.of("versionId", "abc"), 400, "InvalidArgument"),
        new Probe("PUT", full, "k", Map.of("partNumber", "1"), 404, "NoSuchUpload"),
        new Probe("PUT", full, "k", Map.of("tagging", "", "versionId", "abc"), 400,
            "InvalidArgument"),
        new Probe("DELETE", full, "k", Map.of("tagging", "", "versionId", "abc"), 400,
            "InvalidArgument"),
        new Probe("PUT", full, "k", Map.of("tagging", "", "versionId", UNKNOWN_VERSION), 404,
            "NoSuchVersion"),
        new Probe("DELETE", full, "k", Map.of("tagging", "", "versionId", UNKNOWN_VERSION), 404,
            "NoSuchVersion"),
        new Probe("DELETE", empty, "", Map.of("versionId", "null"), 400, "InvalidArgument"),
        new Probe("PUT", empty, "", Map.of("partNumber", "1"), 400, "InvalidArgument"))) {
      boolean body = p.method().equals("PUT");
      RawS3.Response r = raw.send(p.method(), RawS3.path(p.bucket(), p.key()), p.query(),
          Map.of(), body ? OTHER : new byte[0]);
      RouteExpectations.Cell cell = new RouteExpectations.Cell(p.key().isEmpty() ? "BUCKET"
          : "OBJECT", p.method(), p.query().toString(), null, p.status(), p.code());
      soft.assertThat(r.status()).as(cell + ": " + r.text()).isEqualTo(p.status());
      if (r.status() == p.status()) {
        soft.assertThat(r.error().code()).as(cell.toString()).isEqualTo(p.code());
      }
      unchanged(soft, cell);
    }
    soft.assertAll();
  }

  /**
   * Checks that both buckets exist, one empty, the other with exactly {@code k}, its bytes and its
   * ETag; after a change it reports the cell and puts the buckets back, so every cell that changes
   * anything is reported, not only the first.
   */
  private static void unchanged(SoftAssertions soft, RouteExpectations.Cell after) {
    String damage = damage();
    soft.assertThat(damage).as("after " + after).isNull();
    if (damage != null) {
      if (!S3.volumes().bucketExists(empty)) {
        S3.client().createBucket(b -> b.bucket(empty));
      }
      if (!S3.volumes().bucketExists(full)) {
        S3.client().createBucket(b -> b.bucket(full));
      }
      for (String k : S3.volumes().walk(empty)) {
        S3.client().deleteObject(b -> b.bucket(empty).key(k));
      }
      S3.client().putObject(b -> b.bucket(full).key("k"), RequestBody.fromBytes(CONTENT));
      assertThat(damage()).as("restored after " + after).isNull();
    }
  }

  private static String damage() {
    if (!S3.volumes().bucketExists(empty)) {
      return "bucket " + empty + " is gone";
    }
    if (!S3.volumes().bucketExists(full)) {
      return "bucket " + full + " is gone";
    }
    if (!S3.volumes().walk(empty).isEmpty()) {
      return "bucket " + empty + " holds " + S3.volumes().walk(empty);
    }
    if (!S3.volumes().walk(full).equals(List.of("k"))) {
      return "bucket " + full + " holds " + S3.volumes().walk(full) + " (expected: [k])";
    }
    if (!Arrays.equals(S3.volumes().read(full, "k").orElseThrow(), CONTENT)) {
      return "k holds '" + new String(S3.volumes().read(full, "k").orElseThrow(),
          StandardCharsets.UTF_8) + "'";
    }
    String now = S3.client().headObject(b -> b.bucket(full).key("k")).eTag();
    return now.equals(etag) ? null : "k has ETag " + now + " (expected: " + etag + ")";
  }
}

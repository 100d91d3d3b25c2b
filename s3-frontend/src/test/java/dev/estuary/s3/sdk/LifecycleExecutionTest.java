package dev.estuary.s3.sdk;

import dev.estuary.core.MasterKeys;
import dev.estuary.s3.internal.sse.Encryption;
import java.security.SecureRandom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.Authorizer;
import dev.estuary.s3.internal.ops.LifecycleRunner;
import dev.estuary.s3.internal.ops.S3Settings;
import dev.estuary.s3.internal.ops.Store;
import dev.estuary.s3.internal.ops.UploadLocks;
import dev.estuary.s3.internal.ops.Versions;
import dev.estuary.s3.testing.S3TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The lifecycle task carries out the rules when the test clock moves (the server's and the
 * engine's clock, {@link S3TestServer#clock()}), run deterministically with {@link
 * LifecycleRunner#runOnce()}: prefix, tag and size filters, Days and Date, disabled rules,
 * multipart abort, resumable bounded runs, the counters, and the {@code x-amz-expiration} header.
 * The clock goes back before each SDK call, which signs with the real time.
 */
class LifecycleExecutionTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @AfterEach
  void resetClock() {
    S3.clock().reset();
  }

  private static void put(String bucket, String key, int size, Tag... tags) {
    S3.client().putObject(b -> {
      b.bucket(bucket).key(key);
      if (tags.length > 0) {
        b.tagging(software.amazon.awssdk.services.s3.model.Tagging.builder().tagSet(tags).build());
      }
    }, RequestBody.fromBytes(new byte[size]));
  }

  private static void rules(String bucket, LifecycleRule... rules) {
    S3.client().putBucketLifecycleConfiguration(b -> b.bucket(bucket)
        .lifecycleConfiguration(l -> l.rules(rules)));
  }

  private static LifecycleRule rule(Consumer<LifecycleRule.Builder> c) {
    LifecycleRule.Builder b = LifecycleRule.builder().status(ExpirationStatus.ENABLED);
    c.accept(b);
    return b.build();
  }

  private static List<String> keys(String bucket) {
    return S3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }

  /** Runs the task as if it were {@code days} later. */
  private static LifecycleRunner.Summary runAfter(Duration later) {
    S3.clock().advance(later);
    try {
      return S3.lifecycle().runOnce();
    } finally {
      S3.clock().reset();
    }
  }

  @Test
  void prefixRuleExpiresOnlyAfterItsDaysAndPrunesEmptyPrefixes() {
    String bucket = S3.createBucket("lc-prefix");
    put(bucket, "logs/a", 1);
    put(bucket, "logs/deep/b", 1);
    put(bucket, "keep/c", 1);
    put(bucket, "logsx", 1);
    rules(bucket, rule(r -> r.id("logs").filter(f -> f.prefix("logs/")).expiration(x -> x.days(1))));

    // Not yet: a 1-day rule is due at the second midnight UTC after the write at the earliest.
    runAfter(Duration.ofHours(1));
    assertThat(keys(bucket)).containsExactly("keep/c", "logs/a", "logs/deep/b", "logsx");

    LifecycleRunner.Summary due = runAfter(Duration.ofDays(2));
    assertThat(due.expired()).isGreaterThanOrEqualTo(2);
    assertThat(due.finished()).isTrue();
    assertThat(keys(bucket)).containsExactly("keep/c", "logsx");
    // The emptied prefix went with its objects, as after DeleteObject.
    assertThat(S3.volumes().walk(bucket)).containsExactly("keep/", "keep/c", "logsx");
  }

  @Test
  void tagAndSizeFiltersSelectObjects() {
    String bucket = S3.createBucket("lc-filters");
    Tag tmp = Tag.builder().key("class").value("tmp").build();
    Tag other = Tag.builder().key("class").value("keep").build();
    put(bucket, "t/tagged", 10, tmp);
    put(bucket, "t/other-tag", 10, other);
    put(bucket, "t/untagged", 10);
    put(bucket, "s/small", 5);
    put(bucket, "s/medium", 500);
    put(bucket, "s/large", 5000);
    put(bucket, "a/both", 500, tmp);
    put(bucket, "a/size-only", 500);
    put(bucket, "b/tag-only", 5, tmp);
    rules(bucket,
        rule(r -> r.id("tag").filter(f -> f.tag(tmp)).expiration(x -> x.days(3))),
        rule(r -> r.id("size").filter(f -> f.and(a -> a.prefix("s/").objectSizeGreaterThan(100L)
            .objectSizeLessThan(1000L))).expiration(x -> x.days(3))),
        rule(r -> r.id("and").filter(f -> f.and(a -> a.prefix("a/").tags(tmp)
            .objectSizeGreaterThan(100L))).expiration(x -> x.days(3))));

    runAfter(Duration.ofDays(2));
    assertThat(keys(bucket)).hasSize(9);
    LifecycleRunner.Summary s = runAfter(Duration.ofDays(5));
    assertThat(s.expired()).isGreaterThanOrEqualTo(4);
    assertThat(keys(bucket)).containsExactly("a/size-only", "s/large", "s/small",
        "t/other-tag", "t/untagged");
  }

  @Test
  void dateRuleExpiresFromThatDayAndDisabledRulesDoNothing() {
    String bucket = S3.createBucket("lc-date");
    put(bucket, "d/x", 1);
    put(bucket, "off/y", 1);
    Instant date = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(3, ChronoUnit.DAYS);
    rules(bucket,
        rule(r -> r.id("date").filter(f -> f.prefix("d/")).expiration(x -> x.date(date))),
        rule(r -> r.id("off").status(ExpirationStatus.DISABLED).filter(f -> f.prefix("off/"))
            .expiration(x -> x.days(1))));

    // Other tests' buckets share the backend, so this bucket's keys tell what happened.
    runAfter(Duration.between(Instant.now(), date).minusMinutes(5));
    assertThat(keys(bucket)).containsExactly("d/x", "off/y");
    assertThat(runAfter(Duration.between(Instant.now(), date).plusMinutes(5)).expired())
        .isGreaterThanOrEqualTo(1);
    assertThat(keys(bucket)).containsExactly("off/y");
    runAfter(Duration.ofDays(30));
    assertThat(keys(bucket)).containsExactly("off/y");
  }

  @Test
  void incompleteMultipartUploadsAreAborted() {
    String bucket = S3.createBucket("lc-mpu");
    String old = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("mp/big"))
        .uploadId();
    S3.client().uploadPart(b -> b.bucket(bucket).key("mp/big").uploadId(old).partNumber(1),
        RequestBody.fromBytes(new byte[1024]));
    String elsewhere = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("other/big"))
        .uploadId();
    rules(bucket, rule(r -> r.id("mpu").filter(f -> f.prefix("mp/"))
        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))));

    runAfter(Duration.ofHours(2));
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(2);
    LifecycleRunner.Summary s = runAfter(Duration.ofDays(2));
    assertThat(s.aborted()).isGreaterThanOrEqualTo(1);
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads())
        .extracting(u -> u.uploadId()).containsExactly(elsewhere);
    assertThatThrownBy(() -> S3.client().listParts(b -> b.bucket(bucket).key("mp/big")
        .uploadId(old))).isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void runsAreBoundedAndResumeWhereTheyStopped() throws Exception {
    String bucket = S3.createBucket("lc-resume");
    for (String k : List.of("r/1", "r/2/a", "r/2/b", "r/3", "r/4/x/y")) {
      put(bucket, k, 1);
    }
    rules(bucket, rule(r -> r.id("all").filter(f -> f.prefix("r/")).expiration(x -> x.days(1))));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    MeterRegistry meters = new SimpleMeterRegistry();
    // The same task with a budget of two objects per run, over the same backend and clock.
    LifecycleRunner small = new LifecycleRunner(new Store(S3.dfs().orElseThrow(),
        new Authorizer(), S3.clock(), S3Settings.of("us-east-1", null),
        new Encryption(MasterKeys.open(S3.dataDirectory().orElseThrow(), new SecureRandom()),
            new SecureRandom(), false)), new Versions(),
        new UploadLocks(),
        scheduler, Duration.ZERO, 2, meters);
    try {
      S3.clock().advance(Duration.ofDays(3));
      long expired = 0;
      int runs = 0;
      LifecycleRunner.Summary s;
      do {
        s = small.runOnce();
        // At most the budget: two objects examined, so at most two removed, per run.
        assertThat(s.expired()).isLessThanOrEqualTo(2);
        expired += s.expired();
        runs++;
      } while (!s.finished() && runs < 100);
      assertThat(s.finished()).isTrue();
      // Other tests' buckets share the backend: at least this bucket's five went.
      assertThat(expired).isGreaterThanOrEqualTo(5);
      assertThat(runs).isGreaterThanOrEqualTo(3);
      assertThat(meters.get("estuary.s3.lifecycle.expired").counter().count())
          .isEqualTo(expired);
    } finally {
      S3.clock().reset();
      small.close();
      scheduler.shutdownNow();
    }
    assertThat(keys(bucket)).isEmpty();
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }

  @Test
  void countersReachTheRegistry() {
    String bucket = S3.createBucket("lc-metrics");
    put(bucket, "m/1", 1);
    rules(bucket, rule(r -> r.id("m").filter(f -> f.prefix("m/")).expiration(x -> x.days(1))));
    MeterRegistry meters = S3.meters().orElseThrow();
    double before = meters.get("estuary.s3.lifecycle.expired").counter().count();
    double runsBefore = meters.get("estuary.s3.lifecycle.runs").counter().count();
    assertThat(runAfter(Duration.ofDays(3)).expired()).isGreaterThanOrEqualTo(1);
    assertThat(meters.get("estuary.s3.lifecycle.expired").counter().count())
        .isGreaterThanOrEqualTo(before + 1);
    assertThat(meters.get("estuary.s3.lifecycle.runs").counter().count())
        .isEqualTo(runsBefore + 1);
    assertThat(meters.get("estuary.s3.lifecycle.examined").counter().count()).isPositive();
  }

  private static final Pattern EXPIRATION =
      Pattern.compile("expiry-date=\"([^\"]+)\", rule-id=\"([^\"]+)\"");

  @Test
  void expirationHeaderOnPutHeadAndGet() {
    String bucket = S3.createBucket("lc-header");
    rules(bucket,
        rule(r -> r.id("ten").filter(f -> f.prefix("e/")).expiration(x -> x.days(10))),
        rule(r -> r.id("two").filter(f -> f.prefix("e/two/")).expiration(x -> x.days(2))));
    PutObjectResponse put = S3.client().putObject(b -> b.bucket(bucket).key("e/two/k"),
        RequestBody.fromString("v"));
    Instant written = Instant.now();
    Matcher m = EXPIRATION.matcher(put.expiration());
    assertThat(m.matches()).as(put.expiration()).isTrue();
    assertThat(m.group(2)).isEqualTo("two"); // the earliest applicable rule
    // IMF-fixdate (RFC 9110 5.6.7): a two-digit day.
    assertThat(m.group(1)).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    Instant expiry = ZonedDateTime.parse(m.group(1), DateTimeFormatter.RFC_1123_DATE_TIME)
        .toInstant();
    assertThat(expiry).isEqualTo(written.plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS)
        .plus(1, ChronoUnit.DAYS));
    assertThat(m.group(1)).endsWith(" 00:00:00 GMT");

    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("e/two/k")).expiration())
        .isEqualTo(put.expiration());
    assertThat(S3.client().getObject(b -> b.bucket(bucket).key("e/two/k")).response()
        .expiration()).isEqualTo(put.expiration());

    S3.client().putObject(b -> b.bucket(bucket).key("e/ten"), RequestBody.fromString("v"));
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("e/ten")).expiration())
        .contains("rule-id=\"ten\"");
    PutObjectResponse none = S3.client().putObject(b -> b.bucket(bucket).key("x/none"),
        RequestBody.fromString("v"));
    assertThat(none.expiration()).isNull();
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("x/none")).expiration()).isNull();
  }

  private static List<String> versionsOf(String bucket, String key) {
    ListObjectVersionsResponse r = S3.client().listObjectVersions(b -> b.bucket(bucket)
        .prefix(key));
    List<String> out = new java.util.ArrayList<>();
    r.versions().stream().filter(x -> x.key().equals(key))
        .forEach(x -> out.add((x.isLatest() ? "*" : "") + x.versionId()));
    r.deleteMarkers().stream().filter(x -> x.key().equals(key))
        .forEach(x -> out.add((x.isLatest() ? "*" : "") + "marker:" + x.versionId()));
    return out;
  }

  private static String putVersion(String bucket, String key) {
    return S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key))
        .versionId();
  }

  @Test
  void noncurrentVersionsExpireKeepingTheNewerOnes() {
    String bucket = S3.createBucket("lc-noncurrent");
    S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    String v1 = putVersion(bucket, "nc/k");
    String v2 = putVersion(bucket, "nc/k");
    String v3 = putVersion(bucket, "nc/k");
    String v4 = putVersion(bucket, "nc/k");
    String other = putVersion(bucket, "elsewhere/k");
    putVersion(bucket, "elsewhere/k");
    rules(bucket, rule(r -> r.id("nc").filter(f -> f.prefix("nc/"))
        .noncurrentVersionExpiration(n -> n.noncurrentDays(1).newerNoncurrentVersions(1))));

    runAfter(Duration.ofHours(1));
    assertThat(versionsOf(bucket, "nc/k")).containsExactlyInAnyOrder("*" + v4, v3, v2, v1);
    runAfter(Duration.ofDays(3));
    // v3 is the one newer noncurrent version kept; v2 and v1 went; the current one stays.
    assertThat(versionsOf(bucket, "nc/k")).containsExactlyInAnyOrder("*" + v4, v3);
    assertThat(versionsOf(bucket, "elsewhere/k")).hasSize(2).contains(other);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("nc/k").versionId(v3))
        .asUtf8String()).isEqualTo("nc/k");
  }

  @Test
  void expirationInAVersionedBucketLeavesADeleteMarkerThenTheMarkerGoes() {
    String bucket = S3.createBucket("lc-markers");
    S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    String v1 = putVersion(bucket, "m/k");
    rules(bucket,
        rule(r -> r.id("days").filter(f -> f.prefix("m/")).expiration(x -> x.days(1))),
        rule(r -> r.id("nc").filter(f -> f.prefix("m/"))
            .noncurrentVersionExpiration(n -> n.noncurrentDays(5))),
        rule(r -> r.id("markers").filter(f -> f.prefix("m/"))
            .expiration(x -> x.expiredObjectDeleteMarker(true))));

    runAfter(Duration.ofDays(2));
    // The current version expired: it is kept as noncurrent behind a delete marker.
    List<String> after = versionsOf(bucket, "m/k");
    assertThat(after).hasSize(2).contains(v1);
    assertThat(after).anyMatch(x -> x.startsWith("*marker:"));
    assertThat(keys(bucket)).isEmpty();

    // Days later the noncurrent version expires, leaving the marker alone; the next run removes
    // the marker (an expired object delete marker).
    runAfter(Duration.ofDays(10));
    runAfter(Duration.ofDays(10));
    assertThat(versionsOf(bucket, "m/k")).isEmpty();
  }
}

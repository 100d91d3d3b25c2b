package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Put/Get/DeleteBucketLifecycleConfiguration through the SDK (S3 API Reference,
 * PutBucketLifecycleConfiguration): every supported element round-trips; each invalid document
 * is refused with the status and code S3 (and ceph's s3-tests) expect, and leaves the stored
 * configuration as it was.
 */
class LifecycleConfigurationTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static void put(String bucket, LifecycleRule... rules) {
    S3.client().putBucketLifecycleConfiguration(b -> b.bucket(bucket)
        .lifecycleConfiguration(l -> l.rules(rules)));
  }

  private static LifecycleRule rule(Consumer<LifecycleRule.Builder> c) {
    LifecycleRule.Builder b = LifecycleRule.builder().status(ExpirationStatus.ENABLED);
    c.accept(b);
    return b.build();
  }

  private static void refused(String bucket, int status, String code, LifecycleRule... rules) {
    assertThatThrownBy(() -> put(bucket, rules))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          var x = S3.error(e);
          assertThat(e.statusCode()).as(x.xml()).isEqualTo(status);
          assertThat(x.code()).as(x.xml()).isEqualTo(code);
        });
  }

  @Test
  void everyElementRoundTrips() {
    String bucket = S3.createBucket("lc-all");
    Instant date = Instant.parse("2031-01-01T00:00:00Z");
    put(bucket,
        rule(r -> r.id("days").filter(f -> f.prefix("logs/")).expiration(x -> x.days(30))),
        rule(r -> r.id("date").filter(f -> f.tag(Tag.builder().key("k").value("v").build()))
            .expiration(x -> x.date(date))),
        rule(r -> r.id("and").filter(f -> f.and(a -> a.prefix("tmp/")
            .tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build())
            .objectSizeGreaterThan(10L).objectSizeLessThan(1000L)))
            .expiration(x -> x.days(7))),
        rule(r -> r.id("versions").filter(f -> f.prefix("")).status(ExpirationStatus.DISABLED)
            .expiration(x -> x.expiredObjectDeleteMarker(true))
            .noncurrentVersionExpiration(n -> n.noncurrentDays(5).newerNoncurrentVersions(3))),
        rule(r -> r.id("mpu").filter(f -> f.objectSizeGreaterThan(0L))
            .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(2))));

    GetBucketLifecycleConfigurationResponse got =
        S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket));
    assertThat(got.rules()).hasSize(5);
    LifecycleRule days = got.rules().get(0);
    assertThat(days.id()).isEqualTo("days");
    assertThat(days.status()).isEqualTo(ExpirationStatus.ENABLED);
    assertThat(days.filter().prefix()).isEqualTo("logs/");
    assertThat(days.expiration().days()).isEqualTo(30);
    LifecycleRule byDate = got.rules().get(1);
    assertThat(byDate.filter().tag()).isEqualTo(Tag.builder().key("k").value("v").build());
    assertThat(byDate.expiration().date()).isEqualTo(date);
    LifecycleRule and = got.rules().get(2);
    assertThat(and.filter().and().prefix()).isEqualTo("tmp/");
    assertThat(and.filter().and().tags()).extracting(Tag::key).containsExactly("a", "b");
    assertThat(and.filter().and().objectSizeGreaterThan()).isEqualTo(10L);
    assertThat(and.filter().and().objectSizeLessThan()).isEqualTo(1000L);
    LifecycleRule versions = got.rules().get(3);
    assertThat(versions.status()).isEqualTo(ExpirationStatus.DISABLED);
    assertThat(versions.expiration().expiredObjectDeleteMarker()).isTrue();
    assertThat(versions.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(5);
    assertThat(versions.noncurrentVersionExpiration().newerNoncurrentVersions()).isEqualTo(3);
    LifecycleRule mpu = got.rules().get(4);
    assertThat(mpu.filter().objectSizeGreaterThan()).isEqualTo(0L);
    assertThat(mpu.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(2);
  }

  @Test
  void legacyPrefixRoundTripsAndRuleWithoutIdGetsOne() {
    String bucket = S3.createBucket("lc-legacy");
    put(bucket, rule(r -> r.prefix("old/").expiration(x -> x.days(1))),
        rule(r -> r.id("second").filter(f -> f.prefix("new/")).expiration(x -> x.days(2))));
    List<LifecycleRule> rules =
        S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
    assertThat(rules.get(0).prefix()).isEqualTo("old/");
    assertThat(rules.get(0).id()).isNotBlank();
    assertThat(rules.get(1).id()).isEqualTo("second");
  }

  @Test
  void putReplacesAndDeleteRemoves() {
    String bucket = S3.createBucket("lc-replace");
    assertThatThrownBy(() -> S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          var x = S3.error(e);
          assertThat(x.code()).isEqualTo("NoSuchLifecycleConfiguration");
          assertThat(x.complete()).isTrue();
        });
    put(bucket, rule(r -> r.id("a").filter(f -> f.prefix("a/")).expiration(x -> x.days(1))));
    put(bucket, rule(r -> r.id("b").filter(f -> f.prefix("b/")).expiration(x -> x.days(1))));
    assertThat(S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules())
        .extracting(LifecycleRule::id).containsExactly("b");
    assertThat(S3.client().deleteBucketLifecycle(b -> b.bucket(bucket)).sdkHttpResponse()
        .statusCode()).isEqualTo(204);
    assertThatThrownBy(() -> S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("NoSuchLifecycleConfiguration"));
    // Deleting what is not there is 204 too, as on S3.
    assertThat(S3.client().deleteBucketLifecycle(b -> b.bucket(bucket)).sdkHttpResponse()
        .statusCode()).isEqualTo(204);
    // Nothing of it is visible as an object.
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }

  @Test
  void invalidRulesAreRefusedAsS3Does() {
    String bucket = S3.createBucket("lc-invalid");
    put(bucket, rule(r -> r.id("kept").filter(f -> f.prefix("k/")).expiration(x -> x.days(1))));

    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("zero").filter(f -> f.prefix("")).expiration(x -> x.days(0))));
    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("neg").filter(f -> f.prefix("")).expiration(x -> x.days(-1))));
    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("a".repeat(256)).filter(f -> f.prefix("")).expiration(x -> x.days(1))));
    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("same").filter(f -> f.prefix("a/")).expiration(x -> x.days(1))),
        rule(r -> r.id("same").filter(f -> f.prefix("b/")).expiration(x -> x.days(2))));
    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("noon").filter(f -> f.prefix(""))
            .expiration(x -> x.date(Instant.parse("2031-01-01T12:00:00Z")))));
    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("nc0").filter(f -> f.prefix(""))
            .noncurrentVersionExpiration(n -> n.noncurrentDays(0))));
    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("abort0").filter(f -> f.prefix(""))
            .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(0))));
    refused(bucket, 400, "InvalidArgument",
        rule(r -> r.id("sizes").filter(f -> f.and(a -> a.objectSizeGreaterThan(100L)
            .objectSizeLessThan(100L))).expiration(x -> x.days(1))));
    refused(bucket, 400, "MalformedXML",
        rule(r -> r.id("status").filter(f -> f.prefix("")).status("enabled")
            .expiration(x -> x.days(1))));
    refused(bucket, 400, "MalformedXML",
        rule(r -> r.id("both").filter(f -> f.prefix("")).expiration(x -> x.days(1)
            .expiredObjectDeleteMarker(true))));
    refused(bucket, 400, "InvalidRequest",
        rule(r -> r.id("noaction").filter(f -> f.prefix("x/"))));
    refused(bucket, 400, "InvalidRequest",
        rule(r -> r.id("abort-tags").filter(f -> f.tag(Tag.builder().key("k").value("v").build()))
            .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))));

    List<LifecycleRule> many = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      int n = i;
      many.add(rule(r -> r.id("r" + n).filter(f -> f.prefix("p" + n + "/")).expiration(x -> x.days(1))));
    }
    refused(bucket, 400, "MalformedXML", many.toArray(LifecycleRule[]::new));

    // None of them replaced what was stored.
    assertThat(S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules())
        .extracting(LifecycleRule::id).containsExactly("kept");
  }

  @Test
  void thousandRulesAreAccepted() {
    String bucket = S3.createBucket("lc-1000");
    List<LifecycleRule> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int n = i;
      many.add(rule(r -> r.id("rule-number-" + n).filter(f -> f.prefix("prefix/" + n + "/"))
          .expiration(x -> x.days(n + 1))));
    }
    put(bucket, many.toArray(LifecycleRule[]::new));
    List<LifecycleRule> got =
        S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
    assertThat(got).hasSize(1000);
    assertThat(got.get(999).expiration().days()).isEqualTo(1000);
  }

  private static final String DOC = """
      <LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ID>r</ID>\
      <Filter><Prefix>x/</Prefix></Filter><Status>Enabled</Status>\
      <Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>""";

  private static String md5(byte[] b) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
  }

  @Test
  void integrityHeaderIsRequiredAndChecked() throws Exception {
    String bucket = S3.createBucket("lc-md5");
    byte[] body = DOC.getBytes(StandardCharsets.UTF_8);
    RawS3.Response none = S3.raw().send("PUT", RawS3.path(bucket, ""), Map.of("lifecycle", ""),
        Map.of(), body);
    assertThat(none.status()).as(none.text()).isEqualTo(400);
    assertThat(none.error().code()).isEqualTo("InvalidRequest");
    assertThat(none.error().message()).contains("Content-MD5");

    RawS3.Response wrong = S3.raw().send("PUT", RawS3.path(bucket, ""), Map.of("lifecycle", ""),
        Map.of("Content-MD5", md5("other".getBytes(StandardCharsets.UTF_8))), body);
    assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
    assertThat(wrong.error().code()).isEqualTo("BadDigest");

    RawS3.Response ok = S3.raw().send("PUT", RawS3.path(bucket, ""), Map.of("lifecycle", ""),
        Map.of("Content-MD5", md5(body)), body);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
  }

  @Test
  void malformedDocumentsAreRefused() throws Exception {
    String bucket = S3.createBucket("lc-xml");
    Map<String, String> cases = Map.of(
        "legacy prefix and filter", DOC.replace("<Filter>", "<Prefix>y/</Prefix><Filter>"),
        "neither prefix nor filter", DOC.replace("<Filter><Prefix>x/</Prefix></Filter>", ""),
        "not an ISO 8601 date", DOC.replace("<Days>1</Days>", "<Date>20200101</Date>"),
        "two conditions without And",
            DOC.replace("</Prefix></Filter>", "</Prefix><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter>"),
        "no rule", "<LifecycleConfiguration/>",
        "days not a number", DOC.replace("<Days>1</Days>", "<Days>one</Days>"),
        "unknown element", DOC.replace("<Status>", "<Colour>red</Colour><Status>"));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      byte[] body = c.getValue().getBytes(StandardCharsets.UTF_8);
      RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, ""), Map.of("lifecycle", ""),
          Map.of("Content-MD5", md5(body)), body);
      assertThat(r.status()).as(c.getKey() + ": " + r.text()).isEqualTo(400);
      assertThat(r.error().code()).as(c.getKey()).isEqualTo("MalformedXML");
    }
    byte[] dup = DOC.replace("<Filter><Prefix>x/</Prefix></Filter>",
        "<Filter><And><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag>"
            + "</And></Filter>").getBytes(StandardCharsets.UTF_8);
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, ""), Map.of("lifecycle", ""),
        Map.of("Content-MD5", md5(dup)), dup);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.error().code()).isEqualTo("InvalidRequest");
  }

  @Test
  void onlyBucketAdministratorsChangeIt() {
    String bucket = S3.createBucket("lc-perm");
    LifecycleRule r = rule(b -> b.id("x").filter(f -> f.prefix("")).expiration(x -> x.days(1)));
    assertThatThrownBy(() -> S3.clientFor(S3TestServer.READER).putBucketLifecycleConfiguration(
        b -> b.bucket(bucket).lifecycleConfiguration(l -> l.rules(r))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(S3.error(e).code()).isEqualTo("AccessDenied");
        });
    put(bucket, r);
    assertThat(S3.clientFor(S3TestServer.READER).getBucketLifecycleConfiguration(
        b -> b.bucket(bucket)).rules()).hasSize(1);
    assertThatThrownBy(() -> S3.clientFor(S3TestServer.READER).deleteBucketLifecycle(
        b -> b.bucket(bucket))).isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.statusCode()).isEqualTo(403));
    assertThatThrownBy(() -> S3.client().getBucketLifecycleConfiguration(b -> b.bucket(
        "no-such-bucket-lc"))).isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("NoSuchBucket"));
  }
}

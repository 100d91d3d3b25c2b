package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/** Operations this server does not offer answer 501 NotImplemented with a complete error XML. */
class NotImplementedTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void getBucketLogging() {
    String bucket = S3.createBucket("logging");
    assertThatThrownBy(() -> S3.client().getBucketLogging(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(501);
          ErrorXml x = S3.error(e);
          assertThat(x.code()).isEqualTo("NotImplemented");
          assertThat(x.complete()).as(x.xml()).isTrue();
        });
  }

  @Test
  void lifecycleTransitionIsRefusedAndNothingStored() {
    String bucket = S3.createBucket("lifecycle");
    // One storage class here: a transition rule is refused, never accepted and ignored.
    assertThatThrownBy(() -> S3.client().putBucketLifecycleConfiguration(b -> b.bucket(bucket)
        .lifecycleConfiguration(l -> l.rules(r -> r.id("x").status("Enabled")
            .filter(f -> f.prefix("tmp/")).transitions(t -> t.days(30)
                .storageClass(TransitionStorageClass.GLACIER))))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(501);
          assertThat(S3.error(e).code()).isEqualTo("NotImplemented");
        });
    assertThatThrownBy(() -> S3.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("NoSuchLifecycleConfiguration"));
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }

  @Test
  void unknownXAmzHeadersAreNeverRejected() {
    String bucket = S3.createBucket("unknown-hdr");
    // Clients add new x-amz-* headers over time; S3 ignores those it does not know.
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of(),
        Map.of("x-amz-future-feature", "on", "x-amz-sdk-invocation-id", "abc"), "v".getBytes());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    S3.client().putObject(b -> b.bucket(bucket).key("k2"), RequestBody.fromString("v"));
  }
}

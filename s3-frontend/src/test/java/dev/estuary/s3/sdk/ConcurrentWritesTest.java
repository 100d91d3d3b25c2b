package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Concurrent writers to one key: the last complete PUT wins whole (never a mix), readers only ever
 * see complete objects, and of concurrent {@code If-None-Match: *} creates exactly one succeeds
 * (S3 User Guide, conditional writes: the others get 412, or 409 ConditionalRequestConflict).
 */
class ConcurrentWritesTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static final int WRITERS = 6;

  private static List<byte[]> bodies() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      out.add(TestData.bytes(256 * 1024 + i, 100 + i));
    }
    return out;
  }

  private static int indexOf(List<byte[]> bodies, byte[] got) {
    for (int i = 0; i < bodies.size(); i++) {
      if (java.util.Arrays.equals(bodies.get(i), got)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void overwritesAreWholeAndReadersSeeOnlyCompleteObjects() throws Exception {
    String bucket = S3.createBucket("concurrent");
    List<byte[]> bodies = bodies();
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(bodies.get(0)));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
    try {
      AtomicBoolean writing = new AtomicBoolean(true);
      Future<Integer> reader = pool.submit(() -> {
        int reads = 0;
        while (writing.get() || reads == 0) {
          byte[] got;
          try {
            got = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray();
          } catch (NoSuchKeyException e) {
            throw new AssertionError("GET of a key that always exists, during overwrites, "
                + "answered 404 NoSuchKey (" + e.awsErrorDetails().errorMessage() + "); expected "
                + "the old or the new object: a GET whose looked-up object is replaced before it "
                + "is opened must look the name up again", e);
          }
          assertThat(indexOf(bodies, got)).as("a read returned a mix or a partial object")
              .isNotNegative();
          reads++;
        }
        return reads;
      });
      List<String> etags = bodies.stream().map(Checksums::etag).toList();
      Future<Integer> headReader = pool.submit(() -> {
        int heads = 0;
        while (writing.get() || heads == 0) {
          String etag;
          try {
            etag = S3.client().headObject(b -> b.bucket(bucket).key("k")).eTag();
          } catch (NoSuchKeyException e) {
            throw new AssertionError("HEAD of a key that always exists, during overwrites, "
                + "answered 404", e);
          }
          assertThat(etags).contains(etag);
          heads++;
        }
        return heads;
      });
      List<Future<?>> writers = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (byte[] body : bodies) {
          writers.add(pool.submit(() -> S3.client().putObject(b -> b.bucket(bucket).key("k"),
              RequestBody.fromBytes(body))));
        }
      }
      for (Future<?> f : writers) {
        f.get();
      }
      writing.set(false);
      assertThat(reader.get()).isPositive();
      assertThat(headReader.get()).isPositive();
    } finally {
      pool.shutdownNow();
    }
    var g = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k"));
    int winner = indexOf(bodies, g.asByteArray());
    assertThat(winner).isNotNegative();
    assertThat(g.response().eTag()).isEqualTo(Checksums.etag(bodies.get(winner)));
    assertThat(S3.volumes().walk(bucket)).containsExactly("k");
  }

  @Test
  void exactlyOneConcurrentCreateWins() throws Exception {
    String bucket = S3.createBucket("concurrent-inm");
    List<byte[]> bodies = bodies();
    assertThat(S3.volumes().walk(bucket)).isEmpty();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (byte[] body : bodies) {
        Callable<Integer> put = () -> {
          try {
            S3.client().putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"),
                RequestBody.fromBytes(body));
            return 200;
          } catch (S3Exception e) {
            return e.statusCode();
          }
        };
        results.add(pool.submit(put));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get());
      }
      assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
      assertThat(statuses).filteredOn(s -> s != 200).allSatisfy(s -> assertThat(s).isIn(409, 412));
    } finally {
      pool.shutdownNow();
    }
    byte[] got = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("once")).asByteArray();
    assertThat(indexOf(bodies, got)).isNotNegative();
    assertThat(S3.volumes().walk(bucket)).containsExactly("once");
  }

  @Test
  void concurrentDeleteAndGetNeverSeeAPartialObject() throws Exception {
    String bucket = S3.createBucket("concurrent-del");
    byte[] body = TestData.bytes(512 * 1024, 7);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> churn = pool.submit(() -> {
        for (int i = 0; i < 20; i++) {
          S3.client().putObject(b -> b.bucket(bucket).key("d/x"), RequestBody.fromBytes(body));
          S3.client().deleteObject(b -> b.bucket(bucket).key("d/x"));
        }
      });
      while (!churn.isDone()) {
        try {
          byte[] got = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("d/x"))
              .asByteArray();
          assertThat(got).isEqualTo(body);
        } catch (NoSuchKeyException e) {
          // Deleted in between: fine.
        }
      }
      churn.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }
}

package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.MultipartOutcomes;
import dev.estuary.s3.testing.MultipartOutcomes.Answer;
import dev.estuary.s3.testing.MultipartOutcomes.Upload;
import dev.estuary.s3.testing.S3TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Issue 8, item 3, as clients race: CompleteMultipartUpload against AbortMultipartUpload, and two
 * Completes with different part lists, sent at the same moment through the SDK's asynchronous
 * client, over several uploads. Whatever the order the server sees, exactly one outcome happens
 * and every answer describes it (the object with the ETag each successful Complete answered, or
 * no object and the upload gone).
 */
class MultipartRaceTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();
  static final int ROUNDS = 6;

  static CompletableFuture<Answer> complete(S3AsyncClient s3, Upload u, int... parts) {
    return s3.completeMultipartUpload(b -> b.bucket(u.bucket()).key(u.key()).uploadId(u.id())
            .multipartUpload(m -> m.parts(u.select(parts))))
        .handle((r, e) -> Answer.of(() -> {
          if (e != null) {
            throw e instanceof java.util.concurrent.CompletionException c ? c
                : new java.util.concurrent.CompletionException(e);
          }
          return r.eTag();
        }));
  }

  static CompletableFuture<Answer> abort(S3AsyncClient s3, Upload u) {
    return s3.abortMultipartUpload(b -> b.bucket(u.bucket()).key(u.key()).uploadId(u.id()))
        .handle((r, e) -> Answer.of(204, () -> {
          if (e != null) {
            throw e instanceof java.util.concurrent.CompletionException c ? c
                : new java.util.concurrent.CompletionException(e);
          }
          return null;
        }));
  }

  @Test
  void completeAgainstAbort() {
    String bucket = S3.createBucket("race-ca");
    List<Boolean> stored = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      Upload u = MultipartOutcomes.upload(S3.client(), bucket, "k" + i);
      CompletableFuture<Answer> c = complete(S3.asyncClient(), u, 1, 2, 3);
      CompletableFuture<Answer> a = abort(S3.asyncClient(), u);
      stored.add(MultipartOutcomes.assertOneOutcome(S3.client(), u, List.of(c.join()),
          List.of(new int[] {1, 2, 3}), List.of(a.join())));
    }
    assertThat(stored).hasSize(ROUNDS);
  }

  @Test
  void completeAgainstCompleteWithOtherParts() {
    String bucket = S3.createBucket("race-cc");
    for (int i = 0; i < ROUNDS; i++) {
      Upload u = MultipartOutcomes.upload(S3.client(), bucket, "k" + i);
      CompletableFuture<Answer> one = complete(S3.asyncClient(), u, 1, 2, 3);
      CompletableFuture<Answer> two = complete(S3.asyncClient(), u, 1, 3);
      assertThat(MultipartOutcomes.assertOneOutcome(S3.client(), u,
          List.of(one.join(), two.join()), List.of(new int[] {1, 2, 3}, new int[] {1, 3}),
          List.of())).isTrue();
    }
  }
}

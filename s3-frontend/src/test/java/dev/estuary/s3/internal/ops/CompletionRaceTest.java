package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.testing.MultipartOutcomes;
import dev.estuary.s3.testing.MultipartOutcomes.Answer;
import dev.estuary.s3.testing.MultipartOutcomes.Upload;
import dev.estuary.s3.testing.PausingDfs;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 8, item 3, in a fixed order: a CompleteMultipartUpload is stopped while it assembles the
 * parts, a second request for the same upload is sent (an Abort, a Complete with another part
 * list, an UploadPart), and once that one is blocked behind the first (or has answered) the first
 * goes on. Exactly one outcome may happen and every answer must describe it. Also: a claim left by
 * a Complete that stopped (a crash) is settled by the next Complete or Abort, never blocks.
 */
class CompletionRaceTest {
  static final PausingDfs PAUSE = new PausingDfs();
  @RegisterExtension static final S3TestServer S3 = new S3TestServer(PAUSE::wrap);
  static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();
  static final Duration LONG = Duration.ofSeconds(60);

  @AfterAll
  static void stop() {
    THREADS.shutdownNow();
  }

  static CompletableFuture<Answer> send(int success, Supplier<String> request) {
    return CompletableFuture.supplyAsync(() -> Answer.of(success, request), THREADS);
  }

  static Supplier<String> complete(Upload u, int... parts) {
    return () -> S3.client().completeMultipartUpload(b -> b.bucket(u.bucket()).key(u.key())
        .uploadId(u.id()).multipartUpload(m -> m.parts(u.select(parts)))).eTag();
  }

  static Supplier<String> abort(Upload u) {
    return () -> {
      S3.client().abortMultipartUpload(b -> b.bucket(u.bucket()).key(u.key()).uploadId(u.id()));
      return null;
    };
  }

  /**
   * Sends {@code second} while a Complete of {@code parts} is stopped in the middle, lets the
   * Complete go on once the second is blocked or done, and returns both answers.
   */
  static List<Answer> duringComplete(Upload u, int[] parts, int success, Supplier<String> second)
      throws Exception {
    PAUSE.pauseAt("copyTo");
    CompletableFuture<Answer> first;
    CompletableFuture<Answer> then;
    try {
      first = send(200, complete(u, parts));
      PAUSE.awaitPaused(LONG);
      then = send(success, second);
      PausingDfs.await("the second request blocked behind the Complete, or answered", LONG,
          () -> then.isDone() || PAUSE.arrivals().stream()
              .anyMatch(t -> PausingDfs.waitingIn(t, "UploadLocks")));
    } finally {
      PAUSE.release();
    }
    return List.of(first.get(LONG.toSeconds(), TimeUnit.SECONDS),
        then.get(LONG.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void abortDuringCompleteWaitsAndAnswersForTheCompletedObject() throws Exception {
    String bucket = S3.createBucket("race-abort");
    Upload u = MultipartOutcomes.upload(S3.client(), bucket, "k");
    List<Answer> a = duringComplete(u, new int[] {1, 2, 3}, 204, abort(u));
    MultipartOutcomes.assertOneOutcome(S3.client(), u, List.of(a.get(0)),
        List.of(new int[] {1, 2, 3}), List.of(a.get(1)));
    // The Complete held the upload first, so it is the outcome.
    assertThat(a.get(0).status()).as(a.toString()).isEqualTo(200);
    assertThat(a.get(1).noSuchUpload()).as(a.toString()).isTrue();
    assertThat(S3.volumes().walk(bucket)).containsExactly("k");
  }

  @Test
  void secondCompleteWithOtherPartsAnswersForTheFirst() throws Exception {
    String bucket = S3.createBucket("race-complete");
    Upload u = MultipartOutcomes.upload(S3.client(), bucket, "k");
    List<Answer> a = duringComplete(u, new int[] {1, 2, 3}, 200, complete(u, 1, 3));
    assertThat(MultipartOutcomes.assertOneOutcome(S3.client(), u, a,
        List.of(new int[] {1, 2, 3}, new int[] {1, 3}), List.of())).isTrue();
    assertThat(a.get(0).etag()).isEqualTo(MultipartOutcomes.etag(1, 2, 3));
    assertThat(S3.volumes().walk(bucket)).containsExactly("k");
  }

  @Test
  void uploadPartDuringCompleteChangesNothingItCompleted() throws Exception {
    String bucket = S3.createBucket("race-part");
    Upload u = MultipartOutcomes.upload(S3.client(), bucket, "k");
    byte[] other = new byte[5 << 20];
    List<Answer> a = duringComplete(u, new int[] {1, 2, 3}, 200, () -> S3.client().uploadPart(
        b -> b.bucket(bucket).key("k").uploadId(u.id()).partNumber(2),
        RequestBody.fromBytes(other)).eTag());
    MultipartOutcomes.assertOneOutcome(S3.client(), u, List.of(a.get(0)),
        List.of(new int[] {1, 2, 3}), List.of());
    assertThat(a.get(0).status()).isEqualTo(200);
    // The part arrived after the upload was completed: S3 answers NoSuchUpload, and nothing of
    // it is left behind (no upload revived by it).
    assertThat(a.get(1).noSuchUpload()).as(a.toString()).isTrue();
    assertThat(S3.volumes().walk(bucket)).containsExactly("k");
  }

  /** Finds an upload's directory in the backend, as a crashed Complete left it. */
  static Uploads.Upload inBackend(Volume v, Upload u) {
    return Uploads.find(v, u.id(), u.key());
  }

  static Volume volume(String bucket) {
    Dfs dfs = S3.dfs().orElseThrow();
    return dfs.volume(bucket);
  }

  @Test
  void claimOfACompleteThatStoppedBeforePublishingIsWithdrawn() {
    String bucket = S3.createBucket("claim-unpublished");
    S3Client s3 = S3.client();
    Upload u = MultipartOutcomes.upload(s3, bucket, "k");
    Volume v = volume(bucket);
    // The assembled object of a Complete that stopped before linking it.
    Attributes orphan = v.createUnlinked(0644, Ownership.ROOT);
    UploadClaims.claim(v, inBackend(v, u), orphan.id());
    v.sync();
    String etag = complete(u, 1, 2, 3).get();
    assertThat(etag).isEqualTo(MultipartOutcomes.etag(1, 2, 3));
    MultipartOutcomes.assertOneOutcome(s3, u, List.of(new Answer(200, etag, null)),
        List.of(new int[] {1, 2, 3}), List.of());

    Upload again = MultipartOutcomes.upload(s3, bucket, "k2");
    UploadClaims.claim(v, inBackend(v, again), new ObjectId(1, 12345));
    v.sync();
    abort(again).get();
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void claimOfACompleteThatStoppedAfterPublishingCompletesTheUpload() {
    String bucket = S3.createBucket("claim-published");
    S3Client s3 = S3.client();
    for (boolean thenAbort : new boolean[] {true, false}) {
      String key = thenAbort ? "aborted" : "completed";
      Upload u = MultipartOutcomes.upload(s3, bucket, key);
      // The Complete linked its object under the key and stopped before removing the upload.
      String etag = s3.putObject(b -> b.bucket(bucket).key(key),
          RequestBody.fromBytes(MultipartOutcomes.content(1, 2, 3))).eTag();
      Volume v = volume(bucket);
      Attributes published = Store.find(v, KeyPath.parse(key)).attributes();
      v.setXattr(published.id(), CompleteMultipartUploadOp.COMPLETED_XATTR,
          u.id().getBytes(StandardCharsets.US_ASCII), XattrMode.UPSERT);
      UploadClaims.claim(v, inBackend(v, u), published.id());
      v.sync();
      Answer a = thenAbort ? Answer.of(204, abort(u)) : Answer.of(complete(u, 1, 2, 3));
      if (thenAbort) {
        assertThat(a.noSuchUpload()).as(a.toString()).isTrue();
      } else {
        assertThat(a).isEqualTo(new Answer(200, etag, null));
      }
      assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
      assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).eTag()).isEqualTo(etag);
    }
    assertThat(S3.volumes().walk(bucket)).containsExactly("aborted", "completed");
  }
}

package dev.estuary.s3.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Helpers for tests of concurrent CompleteMultipartUpload, AbortMultipartUpload and UploadPart of
 * one upload: an upload of three parts, the answer each request got, and the check that every
 * answer agrees with what is stored in the end.
 */
public final class MultipartOutcomes {
  /** Part sizes: two of the 5 MiB minimum and a small last one. */
  public static final List<byte[]> PARTS = List.of(TestData.bytes(5 << 20, 71),
      TestData.bytes(5 << 20, 72), TestData.bytes(1000, 73));

  private MultipartOutcomes() {}

  /**
   * An upload with {@link #PARTS} uploaded.
   *
   * @param bucket the bucket
   * @param key the key
   * @param id the upload id
   * @param parts the completed parts, numbered 1 to 3
   */
  public record Upload(String bucket, String key, String id, List<CompletedPart> parts) {
    /**
     * Returns some of the parts, for a Complete.
     *
     * @param numbers part numbers, ascending
     * @return the parts
     */
    public List<CompletedPart> select(int... numbers) {
      List<CompletedPart> out = new ArrayList<>();
      for (int n : numbers) {
        out.add(parts.get(n - 1));
      }
      return out;
    }
  }

  /**
   * The answer to one request.
   *
   * @param status the HTTP status
   * @param etag the ETag answered (Complete), or null
   * @param code the error code, or null
   */
  public record Answer(int status, String etag, String code) {
    /**
     * Runs a request and records its answer, an S3 error included.
     *
     * @param request the request, returning the ETag it answered (or null)
     * @return the answer
     */
    public static Answer of(Supplier<String> request) {
      return of(200, request);
    }

    /**
     * Runs a request and records its answer, an S3 error included.
     *
     * @param success the status of a successful answer (204 for an Abort)
     * @param request the request, returning the ETag it answered (or null)
     * @return the answer
     */
    public static Answer of(int success, Supplier<String> request) {
      try {
        String etag = request.get();
        return new Answer(success, etag, null);
      } catch (CompletionException e) {
        if (e.getCause() instanceof S3Exception s) {
          return new Answer(s.statusCode(), null, s.awsErrorDetails().errorCode());
        }
        throw e;
      } catch (S3Exception e) {
        return new Answer(e.statusCode(), null, e.awsErrorDetails().errorCode());
      }
    }

    /** Whether this is S3's answer for an upload that was completed or aborted. */
    public boolean noSuchUpload() {
      return status == 404 && "NoSuchUpload".equals(code);
    }
  }

  /**
   * Starts an upload and uploads {@link #PARTS}.
   *
   * @param s3 the client
   * @param bucket the bucket
   * @param key the key
   * @return the upload
   */
  public static Upload upload(S3Client s3, String bucket, String key) {
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < PARTS.size(); i++) {
      int n = i + 1;
      String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(n),
          RequestBody.fromBytes(PARTS.get(n - 1))).eTag();
      done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    return new Upload(bucket, key, id, List.copyOf(done));
  }

  /**
   * The bytes and ETag of the object a Complete with these part numbers stores.
   *
   * @param numbers the part numbers
   * @return the content
   */
  public static byte[] content(int... numbers) {
    List<byte[]> p = new ArrayList<>();
    for (int n : numbers) {
      p.add(PARTS.get(n - 1));
    }
    return TestData.concat(p);
  }

  /**
   * The ETag a Complete with these part numbers answers.
   *
   * @param numbers the part numbers
   * @return the ETag
   */
  public static String etag(int... numbers) {
    List<byte[]> p = new ArrayList<>();
    for (int n : numbers) {
      p.add(PARTS.get(n - 1));
    }
    return Checksums.multipartEtag(p);
  }

  /**
   * Checks that the upload is gone and that the answers to its Completes (with the part lists
   * given) and Aborts agree with what is stored: either the object exists, with the bytes of one
   * Complete's list and the ETag every successful Complete answered, and every Abort answered
   * NoSuchUpload; or no object exists, every Abort answered 204 or NoSuchUpload (one of them 204)
   * and every Complete NoSuchUpload.
   *
   * @param s3 the client
   * @param u the upload
   * @param completes the Completes' answers
   * @param lists each Complete's part numbers, in the order of {@code completes}
   * @param aborts the Aborts' answers
   * @return true when the object was stored
   */
  public static boolean assertOneOutcome(S3Client s3, Upload u, List<Answer> completes,
      List<int[]> lists, List<Answer> aborts) {
    String all = "completes " + completes + ", aborts " + aborts;
    assertThat(s3.listMultipartUploads(b -> b.bucket(u.bucket())).uploads())
        .as("uploads left after " + all).isEmpty();
    String stored;
    byte[] bytes;
    try {
      var r = s3.getObjectAsBytes(b -> b.bucket(u.bucket()).key(u.key()));
      stored = r.response().eTag();
      bytes = r.asByteArray();
    } catch (NoSuchKeyException e) {
      stored = null;
      bytes = null;
    }
    if (stored != null) {
      assertThat(completes).as(all).anyMatch(a -> a.status() == 200);
      boolean matched = false;
      for (int i = 0; i < completes.size(); i++) {
        Answer a = completes.get(i);
        if (a.status() == 200) {
          assertThat(a.etag()).as("Complete %d answered for the stored object; %s", i, all)
              .isEqualTo(stored);
          matched |= stored.equals(etag(lists.get(i)))
              && java.util.Arrays.equals(bytes, content(lists.get(i)));
        } else {
          assertThat(a.noSuchUpload()).as("Complete %d; %s", i, all).isTrue();
        }
      }
      assertThat(matched).as("the stored object is one Complete's parts; " + all).isTrue();
      assertThat(aborts).as(all).allMatch(Answer::noSuchUpload);
    } else {
      assertThat(completes).as(all).allMatch(Answer::noSuchUpload);
      assertThat(aborts).as(all).anyMatch(a -> a.status() == 204);
      assertThat(aborts).as(all).allMatch(a -> a.status() == 204 || a.noSuchUpload());
    }
    return stored != null;
  }
}

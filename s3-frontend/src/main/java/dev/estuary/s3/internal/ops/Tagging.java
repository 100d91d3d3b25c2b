package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Object tag sets and their limits (S3 User Guide, "Categorizing your storage using tags"): at most
 * 10 tags, keys of 1..128 and values of 0..256 Unicode characters, keys unique ({@code
 * InvalidTag} otherwise).
 */
public final class Tagging {
  /** Most tags on one object. */
  public static final int MAX_TAGS = 10;

  private Tagging() {}

  /**
   * Reads the {@code x-amz-tagging} header: {@code application/x-www-form-urlencoded} pairs
   * {@code k1=v1&k2=v2} (S3 API Reference, PutObject), decoded exactly as the codec's {@link
   * dev.estuary.s3.internal.codec.Tagging#fromHeader} does: {@code %XX} UTF-8 escapes, {@code +}
   * a space, a key without {@code =} an empty value, and the tag alphabet and limits checked.
   *
   * @param header the header or null
   * @return the tags, in order
   */
  public static Map<String, String> fromHeader(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (var t : dev.estuary.s3.internal.codec.Tagging.fromHeader(header.strip()).tags()) {
      tags.put(t.key(), t.value()); // keys are unique: the codec refuses a repeated one
    }
    return check(tags);
  }

  /**
   * Checks a tag set against S3's limits.
   *
   * @param tags the tags
   * @return {@code tags}
   * @throws S3Exception {@code InvalidTag}
   */
  public static Map<String, String> check(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw invalid("tag count: " + tags.size() + " (expected: <= " + MAX_TAGS + ")");
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      int k = e.getKey().codePointCount(0, e.getKey().length());
      int v = e.getValue().codePointCount(0, e.getValue().length());
      if (k < 1 || k > 128) {
        throw invalid("tag key '" + e.getKey() + "': " + k + " characters (expected: 1..128)");
      }
      if (v > 256) {
        throw invalid("tag value of '" + e.getKey() + "': " + v + " characters (expected: <= 256)");
      }
    }
    return tags;
  }

  private static S3Exception invalid(String why) {
    return new S3Exception(S3ErrorCode.INVALID_TAG, why);
  }
}

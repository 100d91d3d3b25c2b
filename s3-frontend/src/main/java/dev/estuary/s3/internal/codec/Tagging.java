package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tag set: the PutObjectTagging / PutBucketTagging body
 * {@code <Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>}, or the
 * {@code x-amz-tagging} header ({@code k1=v1&k2=v2}, URL-encoded).
 *
 * <p>Rules (S3 User Guide, "Categorizing your storage using tags"): at most 10 tags on an object
 * (50 on a bucket), unique keys of 1..128 characters, values of 0..256, letters, digits, spaces
 * and {@code + - = . _ : / @}; keys may not start with {@code aws:}. Violations are InvalidTag.
 *
 * @param tags the tags in order
 */
public record Tagging(List<Tag> tags) {
  /** Most tags on an object. */
  public static final int MAX_OBJECT_TAGS = 10;
  /** Most tags on a bucket. */
  public static final int MAX_BUCKET_TAGS = 50;
  /** Longest key, in Unicode characters. */
  public static final int MAX_KEY_LENGTH = 128;
  /** Longest value, in Unicode characters. */
  public static final int MAX_VALUE_LENGTH = 256;
  private static final int MAX_BYTES = 64 * 1024;
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  /** Copies the list. */
  public Tagging {
    tags = List.copyOf(tags);
  }

  /** One tag. */
  public record Tag(String key, String value) {
    /** Checks nullness. */
    public Tag {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
    }
  }

  /**
   * Parses a Tagging body and checks the rules.
   *
   * @param maxTags {@link #MAX_OBJECT_TAGS} or {@link #MAX_BUCKET_TAGS}
   * @throws S3Exception MalformedXML, or InvalidTag for a rule broken
   */
  public static Tagging parse(byte[] body, int maxTags) {
    XmlTree root = XmlTree.parse(body, "Tagging", MAX_BYTES, 2 + 3 * (maxTags + 1));
    XmlTree set = root.optional("TagSet").orElseThrow(() -> XmlTree.malformed("<Tagging> lacks <TagSet>"));
    List<Tag> tags = new ArrayList<>();
    for (XmlTree t : set.all("Tag")) {
      tags.add(new Tag(t.requiredText("Key"), t.requiredText("Value")));
    }
    return validated(tags, maxTags);
  }

  /**
   * Parses the {@code x-amz-tagging} header ({@code k1=v1&k2=v2}, form-URL-encoded).
   *
   * @throws S3Exception InvalidArgument if it cannot be decoded, InvalidTag for a rule broken
   */
  public static Tagging fromHeader(String header) {
    List<Tag> tags = new ArrayList<>();
    if (!header.isEmpty()) {
      for (String pair : header.split("&", -1)) {
        if (pair.isEmpty()) {
          continue; // "a=1&&b=2" or a trailing "&": no tag, as form decoding reads it
        }
        int eq = pair.indexOf('=');
        try {
          String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          tags.add(new Tag(k, v));
        } catch (IllegalArgumentException e) {
          throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-tagging: '" + header + "' (expected: URL-encoded key=value pairs)")
              .withDetail("ArgumentName", "x-amz-tagging").withDetail("ArgumentValue", header);
        }
      }
    }
    return validated(tags, MAX_OBJECT_TAGS);
  }

  private static Tagging validated(List<Tag> tags, int maxTags) {
    if (tags.size() > maxTags) {
      throw invalid((maxTags == MAX_OBJECT_TAGS ? "Object" : "Bucket") + " tags cannot be greater than " + maxTags);
    }
    Set<String> keys = new HashSet<>();
    for (Tag t : tags) {
      int kl = t.key().codePointCount(0, t.key().length());
      if (kl < 1 || kl > MAX_KEY_LENGTH) {
        throw invalid("The TagKey you have provided is invalid: its length is " + kl + " (expected: 1..128)");
      }
      if (t.value().codePointCount(0, t.value().length()) > MAX_VALUE_LENGTH) {
        throw invalid("The TagValue you have provided is too long, max 256");
      }
      if (!ALLOWED.matcher(t.key()).matches()) {
        throw invalid("The TagKey you have provided is invalid");
      }
      if (!ALLOWED.matcher(t.value()).matches()) {
        throw invalid("The TagValue you have provided is invalid");
      }
      if (t.key().startsWith("aws:")) {
        throw invalid("Your TagKey cannot be prefixed with aws:");
      }
      if (!keys.add(t.key())) {
        throw invalid("Cannot provide multiple Tags with the same key");
      }
    }
    return new Tagging(tags);
  }

  private static S3Exception invalid(String message) {
    return S3ErrorCode.INVALID_TAG.exception(message);
  }
}

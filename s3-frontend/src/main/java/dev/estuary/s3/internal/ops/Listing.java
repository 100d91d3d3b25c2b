package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ListBucketResultXml;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What ListObjectsV2 and ListObjects share: parameter checks, one page from a {@link KeyWalker},
 * and the V2 continuation token. The token is the last key (or common prefix) returned, with a
 * marker byte saying which, base64url-encoded: resuming needs nothing else, works across
 * directory boundaries and survives restarts, since the walker seeks by name.
 */
final class Listing {
  /** S3's largest page. */
  static final int MAX_KEYS = 1000;

  private Listing() {}

  /**
   * One page.
   *
   * @param entries the objects
   * @param prefixes the common prefixes
   * @param truncated whether more follows
   * @param last the last item returned, or null
   */
  record Page(List<ListBucketResultXml.Entry> entries, List<String> prefixes, boolean truncated,
      KeyWalker.@Nullable Item last) {}

  static int maxKeys(OpRequest req) {
    String s = req.param("max-keys");
    if (s == null) {
      return MAX_KEYS;
    }
    try {
      int n = Integer.parseInt(s.strip());
      if (n >= 0) {
        return Math.min(n, MAX_KEYS);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
        "max-keys: '" + s + "' (expected: an integer 0.." + Integer.MAX_VALUE + ", clamped to "
            + MAX_KEYS + ")").withDetail("ArgumentName", "max-keys").withDetail("ArgumentValue", s);
  }

  static boolean urlEncoding(OpRequest req) {
    String e = req.param("encoding-type");
    if (e == null) {
      return false;
    }
    if (!e.equalsIgnoreCase("url")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
          "encoding-type: '" + e + "' (expected: url)").withDetail("ArgumentName", "encoding-type")
          .withDetail("ArgumentValue", e);
    }
    return true;
  }

  static Page page(Volume v, String prefix, @Nullable String delimiter, String after,
      boolean afterIsPrefix, int maxKeys) {
    return page(v, prefix, delimiter, after, afterIsPrefix, maxKeys, false);
  }

  /**
   * One page.
   *
   * @param owners whether entries carry their Owner (always in V1, with fetch-owner in V2)
   */
  static Page page(Volume v, String prefix, @Nullable String delimiter, String after,
      boolean afterIsPrefix, int maxKeys, boolean owners) {
    List<ListBucketResultXml.Entry> entries = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    if (maxKeys == 0) {
      return new Page(entries, prefixes, false, null);
    }
    KeyWalker w = new KeyWalker(v, prefix, delimiter, after, afterIsPrefix,
        Math.max(16, Math.min(maxKeys + 1, MAX_KEYS)));
    KeyWalker.Item last = null;
    for (KeyWalker.Item i : w.take(maxKeys)) {
      last = i;
      if (i instanceof KeyWalker.Obj o) {
        Attributes a = o.attributes();
        ObjectMeta m;
        try {
          m = Store.listedMeta(v, a);
        } catch (dev.estuary.dfs.DfsException e) {
          if (e.kind() != dev.estuary.dfs.ErrorKind.STALE) {
            throw e;
          }
          // Replaced since readdir: list the object now under the name, or skip it if gone.
          var now = Store.retryStale(() -> Store.tryFind(v, KeyPath.parse(o.key()))
              .map(f -> new Object[] {f.attributes(), Store.listedMeta(v, f.attributes())}));
          if (now.isEmpty()) {
            continue;
          }
          a = (Attributes) now.get()[0];
          m = (ObjectMeta) now.get()[1];
        }
        entries.add(new ListBucketResultXml.Entry(o.key(), a.modifyTime(), Store.etag(a, m),
            a.isDirectory() ? 0 : m.objectSize(a.size()), m.checksumAlgorithm(), m.checksumType(),
            owners ? Integer.toString(a.uid()) : null));
      } else {
        prefixes.add(i.key());
      }
    }
    return new Page(entries, prefixes, w.hasNext(), last);
  }

  static String token(KeyWalker.Item last) {
    String marker = (last instanceof KeyWalker.Prefix ? "p" : "k") + last.key();
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(marker.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a continuation token.
   *
   * @param token the token
   * @return {@code [key, "p"|"k"]}
   */
  static String[] untoken(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith("p") || s.startsWith("k")) {
        return new String[] {s.substring(1), s.substring(0, 1)};
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
        "continuation-token: '" + token + "' (expected: a NextContinuationToken of this server)")
        .withDetail("ArgumentName", "continuation-token").withDetail("ArgumentValue", token);
  }
}

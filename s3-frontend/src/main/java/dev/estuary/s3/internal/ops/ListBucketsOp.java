package dev.estuary.s3.internal.ops;

import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.s3.internal.codec.ListAllMyBucketsResultXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ListBuckets ({@code GET /}): the volumes the caller may read, in name order, optionally paged
 * (S3 API Reference, ListBuckets): {@code max-buckets} (1..10000) bounds a page, {@code
 * continuation-token} resumes after the previous page (an opaque base64url form of the last name
 * listed; empty means from the start), {@code prefix} keeps names starting with it, and {@code
 * bucket-region} keeps the buckets of that region (all of them or none: every bucket here is in
 * the one configured region). A page that ends the listing carries no token.
 */
final class ListBucketsOp implements Handler {
  /** Largest {@code max-buckets}. */
  static final int MAX_BUCKETS = 10_000;

  @Override
  public Reply handle(OpRequest req, Store store) {
    Principal p = req.requirePrincipal();
    int max = maxBuckets(req.param("max-buckets"));
    String after = after(req.param("continuation-token"));
    String prefix = req.param("prefix");
    String region = req.param("bucket-region");
    List<ListAllMyBucketsResultXml.Bucket> out = new ArrayList<>();
    String next = null;
    boolean inRegion = region == null || region.equals(store.settings().region());
    List<VolumeInfo> volumes = new ArrayList<>(store.dfs().listVolumes());
    volumes.sort(Comparator.comparing(VolumeInfo::name));
    for (VolumeInfo v : inRegion ? volumes : List.<VolumeInfo>of()) {
      if (after != null && v.name().compareTo(after) <= 0
          || prefix != null && !v.name().startsWith(prefix)
          || !store.authorizer().allows(p, v.name(), Permission.READ)) {
        continue;
      }
      if (out.size() == max) {
        // One more bucket exists past a full page: only then is there a next page.
        next = token(out.getLast().name());
        break;
      }
      out.add(new ListAllMyBucketsResultXml.Bucket(v.name(), v.created()));
    }
    return Reply.xml(ListAllMyBucketsResultXml.encode(Integer.toString(p.uid()), p.name(), out,
        store.settings().region(), next, prefix == null || prefix.isEmpty() ? null : prefix));
  }

  private static int maxBuckets(@Nullable String v) {
    if (v == null) {
      return Integer.MAX_VALUE;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_BUCKETS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "max-buckets: '" + v
        + "' (expected: an integer 1-" + MAX_BUCKETS + ")").withDetail("ArgumentName",
        "max-buckets").withDetail("ArgumentValue", v);
  }

  private static String token(String lastName) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
  }

  /** The name a continuation token resumes after; null (from the start) for none or empty. */
  private static @Nullable String after(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      String name = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!name.isEmpty() && name.length() <= 255) {
        return name;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "continuation-token: '" + token
        + "' (expected: the ContinuationToken of a previous ListBuckets page)")
        .withDetail("ArgumentName", "continuation-token").withDetail("ArgumentValue", token);
  }
}

package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ListBucketResultXml;

/**
 * ListObjectsV2 ({@code GET /bucket?list-type=2}): prefix, delimiter, start-after,
 * continuation-token (which wins over start-after), max-keys (clamped to 1000), encoding-type=url.
 */
final class ListObjectsV2Op implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String bucket = req.requireBucket();
    Volume v = store.volume(req);
    String prefix = req.query().get("prefix", "");
    String delimiter = req.param("delimiter");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    int maxKeys = Listing.maxKeys(req);
    boolean url = Listing.urlEncoding(req);
    String token = req.param("continuation-token");
    String startAfter = req.param("start-after");
    String after = startAfter == null ? "" : startAfter;
    boolean afterIsPrefix = false;
    // An empty token lists from the start (echoed back empty), as S3 and ceph/s3-tests
    // test_bucket_listv2_continuationtoken_empty have it.
    if (token != null && !token.isEmpty()) {
      String[] t = Listing.untoken(token);
      after = t[0];
      afterIsPrefix = t[1].equals("p");
    }
    Listing.Page p = Listing.page(v, prefix, delimiter, after, afterIsPrefix, maxKeys,
        "true".equalsIgnoreCase(req.param("fetch-owner")));
    String next = p.truncated() && p.last() != null ? Listing.token(p.last()) : null;
    return Reply.xml(ListBucketResultXml.encode(new ListBucketResultXml.Page(bucket, prefix,
        delimiter, maxKeys, url, p.truncated(), p.entries(), p.prefixes(), true, token, next,
        startAfter, "", null)));
  }
}

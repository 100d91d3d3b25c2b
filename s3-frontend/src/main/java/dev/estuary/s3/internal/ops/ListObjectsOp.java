package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ListBucketResultXml;

/**
 * ListObjects, version 1 ({@code GET /bucket}): prefix, delimiter, marker, max-keys,
 * encoding-type=url. NextMarker is sent when a delimiter was given (S3 only sends it then; without
 * one, clients resume from the last key). A marker that is a common prefix returned before skips
 * that prefix's keys, as S3 does.
 */
final class ListObjectsOp implements Handler {
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
    String marker = req.query().get("marker", "");
    boolean markerIsPrefix = delimiter != null && marker.endsWith(delimiter)
        && marker.startsWith(prefix);
    Listing.Page p = Listing.page(v, prefix, delimiter, marker, markerIsPrefix, maxKeys,
        true);
    String next = p.truncated() && delimiter != null && p.last() != null ? p.last().key() : null;
    return Reply.xml(ListBucketResultXml.encode(new ListBucketResultXml.Page(bucket, prefix,
        delimiter, maxKeys, url, p.truncated(), p.entries(), p.prefixes(), false, null, null,
        null, marker, next)));
  }
}

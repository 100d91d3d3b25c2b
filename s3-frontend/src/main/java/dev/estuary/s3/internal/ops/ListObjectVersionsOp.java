package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ListVersionsResultXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/**
 * ListObjectVersions ({@code GET /bucket?versions}) of an unversioned bucket: each object is its
 * one version, {@code null}, latest (tools that empty buckets, such as the ceph s3-tests
 * teardown, list versions). Paging by key-marker; a version-id-marker other than {@code null} or
 * empty is refused, since no other version exists.
 */
final class ListObjectVersionsOp implements Handler {
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
    String keyMarker = req.query().get("key-marker", "");
    String versionMarker = req.query().get("version-id-marker", "");
    if (!versionMarker.isEmpty() && !versionMarker.equals("null")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "version-id-marker: '" + versionMarker
          + "' (expected: null or empty; this bucket is not versioned)")
          .withDetail("ArgumentName", "version-id-marker").withDetail("ArgumentValue", versionMarker);
    }
    boolean markerIsPrefix = delimiter != null && keyMarker.endsWith(delimiter)
        && keyMarker.startsWith(prefix);
    Listing.Page p = Listing.page(v, prefix, delimiter, keyMarker, markerIsPrefix, maxKeys, true);
    String next = p.truncated() && p.last() != null ? p.last().key() : null;
    return Reply.xml(ListVersionsResultXml.encode(bucket, prefix, delimiter, keyMarker, next,
        maxKeys, p.truncated(), url, p.entries(), p.prefixes()));
  }
}

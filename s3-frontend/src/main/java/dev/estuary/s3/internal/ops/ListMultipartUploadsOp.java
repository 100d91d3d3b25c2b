package dev.estuary.s3.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ListMultipartUploadsResultXml;
import dev.estuary.s3.internal.codec.UploadRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * ListMultipartUploads ({@code GET /bucket?uploads}): the uploads in progress, sorted by key then
 * initiation time, with prefix, delimiter, key-marker / upload-id-marker and max-uploads (≤ 1000).
 * The uploads area is read whole; it holds only uploads in progress, which are few.
 */
final class ListMultipartUploadsOp implements Handler {
  private record Row(String key, String id, long initiated, UploadRecord r) {}

  @Override
  public Reply handle(OpRequest req, Store store) {
    String bucket = req.requireBucket();
    Volume v = store.bucket(bucket);
    String prefix = req.query().get("prefix", "");
    String delimiter = req.param("delimiter");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    String keyMarker = req.query().get("key-marker", "");
    String idMarker = req.query().get("upload-id-marker", "");
    int max = Math.min(1000, ListPartsOp.intParam(req, "max-uploads", 1000, 0, Integer.MAX_VALUE));
    boolean url = Listing.urlEncoding(req);
    List<Row> rows = new ArrayList<>();
    Optional<ObjectId> area = Uploads.existingArea(v);
    if (area.isPresent()) {
      DirCursor c = DirCursor.START;
      while (true) {
        DirPage p = v.readdir(area.get(), c, 1000, false);
        for (DirEntry e : p.entries()) {
          try {
            UploadRecord r = UploadRecord.decode(v.getXattr(e.id(), UploadRecord.XATTR));
            if (r.key().startsWith(prefix)) {
              rows.add(new Row(r.key(), e.name(), r.initiatedNanos(), r));
            }
          } catch (DfsException x) {
            if (x.kind() != ErrorKind.NO_SUCH_XATTR && x.kind() != ErrorKind.STALE) {
              throw x;
            }
          }
        }
        if (p.end() || p.entries().isEmpty()) {
          break;
        }
        c = p.next();
      }
    }
    rows.sort(Comparator.comparing(Row::key, Utf8Order.COMPARATOR)
        .thenComparingLong(Row::initiated).thenComparing(Row::id));
    List<ListMultipartUploadsResultXml.Upload> out = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    boolean truncated = false;
    String nextKey = null;
    String nextId = null;
    for (Row r : rows) {
      int c = Utf8Order.compare(r.key(), keyMarker);
      if (!keyMarker.isEmpty() && (c < 0 || c == 0 && (idMarker.isEmpty()
          || r.id().compareTo(idMarker) <= 0))) {
        continue;
      }
      if (delimiter != null) {
        int i = r.key().indexOf(delimiter, prefix.length());
        if (i >= 0) {
          String cp = r.key().substring(0, i + delimiter.length());
          if (prefixes.isEmpty() || !prefixes.get(prefixes.size() - 1).equals(cp)) {
            if (out.size() + prefixes.size() >= max) {
              truncated = true;
              break;
            }
            prefixes.add(cp);
            nextKey = cp;
            nextId = null;
          }
          continue;
        }
      }
      if (out.size() + prefixes.size() >= max) {
        truncated = true;
        break;
      }
      out.add(new ListMultipartUploadsResultXml.Upload(r.key(), r.id(),
          Instant.ofEpochSecond(0, r.initiated()), r.r().checksumAlgorithm()));
      nextKey = r.key();
      nextId = r.id();
    }
    Principal p = req.requirePrincipal();
    return Reply.xml(ListMultipartUploadsResultXml.encode(bucket, prefix, delimiter, keyMarker,
        idMarker, truncated ? nextKey : null, truncated ? nextId : null, max, truncated, url, out,
        prefixes, Integer.toString(p.uid()), p.name()));
  }
}

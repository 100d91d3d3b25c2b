package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ListVersionsResultXml;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ListObjectVersions ({@code GET /bucket?versions}, S3 API Reference): every version and delete
 * marker, keys in order and each key's versions newest first ({@link Versions#list}), with prefix,
 * delimiter, max-keys (versions, markers and common prefixes all count) and resumption by
 * key-marker plus version-id-marker. The keys come from two walks merged in order: the current
 * files ({@link KeyWalker}, through the requester's view) and the version area ({@link
 * VersionKeyWalker}), so a key whose latest version is a delete marker is listed too. In a bucket
 * that never had versioning every object is its one {@code null} version.
 */
final class ListObjectVersionsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    String bucket = req.requireBucket();
    Volume v = store.volume(req);
    Volume raw = store.bucket(bucket);
    String prefix = req.query().get("prefix", "");
    String delimiter = req.param("delimiter");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    int maxKeys = Listing.maxKeys(req);
    boolean url = Listing.urlEncoding(req);
    String keyMarker = req.query().get("key-marker", "");
    String versionMarker = req.query().get("version-id-marker", "");
    if (!versionMarker.isEmpty()) {
      if (keyMarker.isEmpty()) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "version-id-marker: '"
            + versionMarker + "' without a key-marker (expected: a version-id-marker only with"
            + " the key-marker it belongs to)").withDetail("ArgumentName", "version-id-marker")
            .withDetail("ArgumentValue", versionMarker);
      }
      Versions.checkVersionId(versionMarker);
    }
    Page page = new Page(maxKeys);
    if (!versionMarker.isEmpty() && keyMarker.startsWith(prefix)) {
      // The rest of the key-marker's versions first, after the one named.
      List<Versions.Version> vs = versionsOf(raw, keyMarker);
      int i = 0;
      while (i < vs.size() && !vs.get(i).versionId().equals(versionMarker)) {
        i++;
      }
      if (!page.add(raw, vs.subList(Math.min(i + 1, vs.size()), vs.size()),
          vs.isEmpty() ? null : vs.get(0))) {
        return page.reply(bucket, prefix, delimiter, keyMarker, versionMarker, url);
      }
    }
    boolean markerIsPrefix = delimiter != null && keyMarker.endsWith(delimiter)
        && keyMarker.startsWith(prefix);
    KeyWalker current = new KeyWalker(v, prefix, delimiter, keyMarker, markerIsPrefix,
        Math.max(16, Math.min(maxKeys + 1, Listing.MAX_KEYS)));
    VersionKeyWalker area = new VersionKeyWalker(raw, prefix, delimiter, keyMarker,
        markerIsPrefix);
    KeyWalker.Item c = current.next();
    VersionKeyWalker.Item a = area.next();
    while (c != null || a != null) {
      int cmp = c == null ? 1 : a == null ? -1 : Utf8Order.compare(c.key(), a.key());
      String key = cmp <= 0 ? c.key() : a.key();
      boolean isPrefix = cmp <= 0 ? c instanceof KeyWalker.Prefix : a.prefix();
      if (cmp <= 0) {
        c = current.next();
      }
      if (cmp >= 0) {
        a = area.next();
      }
      boolean more = c != null || a != null;
      if (isPrefix) {
        if (!page.addPrefix(key)) {
          page.truncate();
          break;
        }
        continue;
      }
      List<Versions.Version> vs = versionsOf(raw, key);
      if (vs.isEmpty()) {
        continue; // removed since the walk saw it
      }
      if (!page.add(raw, vs, vs.get(0))) {
        break;
      }
      if (page.full() && more) {
        page.truncate();
        break;
      }
    }
    return page.reply(bucket, prefix, delimiter, keyMarker, versionMarker, url);
  }

  private static List<Versions.Version> versionsOf(Volume raw, String key) {
    KeyPath k;
    try {
      k = KeyPath.parse(key);
    } catch (S3Exception e) {
      return List.of(); // a marker that cannot be a key has no versions
    }
    return Store.retryStale(() -> Versions.list(raw, k));
  }

  /** The page being filled. */
  private static final class Page {
    private final int maxKeys;
    private final List<ListVersionsResultXml.Entry> entries = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private boolean truncated;
    private @Nullable String nextKey;
    private @Nullable String nextVersion;

    Page(int maxKeys) {
      this.maxKeys = maxKeys;
    }

    boolean full() {
      return entries.size() + prefixes.size() >= maxKeys;
    }

    void truncate() {
      truncated = true;
    }

    boolean addPrefix(String cp) {
      if (full()) {
        return false;
      }
      prefixes.add(cp);
      nextKey = cp;
      nextVersion = null;
      return true;
    }

    /**
     * Adds versions of one key; false (and truncated) when the page filled before the last.
     *
     * @param latest the key's latest version, or null when none of {@code vs} is it
     */
    boolean add(Volume raw, List<Versions.Version> vs, Versions.@Nullable Version latest) {
      for (int i = 0; i < vs.size(); i++) {
        if (full()) {
          truncated = true;
          return false;
        }
        Versions.Version x = vs.get(i);
        Attributes at = x.attributes();
        ObjectMeta m = Store.listedMeta(raw, at);
        entries.add(new ListVersionsResultXml.Entry(x.key().key(), x.versionId(),
            x == latest, x.deleteMarker(), at.modifyTime(), Store.etag(at, m), at.size(),
            Integer.toString(at.uid())));
        nextKey = x.key().key();
        nextVersion = x.versionId();
      }
      return true;
    }

    Reply reply(String bucket, String prefix, @Nullable String delimiter, String keyMarker,
        String versionMarker, boolean url) {
      return Reply.xml(ListVersionsResultXml.encode(new ListVersionsResultXml.Page(bucket,
          prefix, delimiter, keyMarker, versionMarker, truncated ? nextKey : null,
          truncated ? nextVersion : null, maxKeys, truncated, url), entries, prefixes));
    }
  }
}

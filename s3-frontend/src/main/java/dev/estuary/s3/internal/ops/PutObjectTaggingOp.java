package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.Tagging.Tag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PutObjectTagging ({@code PUT /bucket/key?tagging}): replaces the object's tag set (≤ 10 tags),
 * or with {@code versionId} that version's.
 */
final class PutObjectTaggingOp implements Handler {
  /** Largest Tagging document read. */
  private static final int MAX_BYTES = 64 * 1024;

  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.volume(req);
    String version = req.param("versionId");
    if (version != null) {
      // Before the body: a bad or unknown version is the error to report.
      VersionedRead.named(store.bucket(req.requireBucket()), key, version, false);
    }
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(MAX_BYTES);
    integrity.update(ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    dev.estuary.s3.internal.codec.Tagging t = dev.estuary.s3.internal.codec.Tagging.parse(body,
        dev.estuary.s3.internal.codec.Tagging.MAX_OBJECT_TAGS);
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag tag : t.tags()) {
      tags.put(tag.key(), tag.value());
    }
    if (version == null) {
      ObjectTags.set(v, key, Tagging.check(tags));
      return Reply.empty(200);
    }
    ObjectTags.setVersion(v, store.bucket(req.requireBucket()), key, version, Tagging.check(tags));
    return Reply.empty(200, com.linecorp.armeria.common.HttpHeaders.of("x-amz-version-id",
        version));
  }
}

package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.MediaType;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.Tagging;
import dev.estuary.s3.internal.codec.TaggingResultXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bucket tag sets (Put/Get/DeleteBucketTagging): kept with the bucket's other settings as the
 * extended attribute {@value #XATTR} of the volume root, so they live and die with the volume.
 * What is stored is the canonical {@code Tagging} document of the checked tag set (at most 50
 * tags, S3 User Guide "Using cost allocation S3 bucket tags").
 */
final class BucketTagging {
  /** The attribute on the volume root. */
  static final String XATTR = "estuary.s3.tagging";

  private BucketTagging() {}

  /** PutBucketTagging ({@code PUT /bucket?tagging}): replaces the tag set; 204 as on S3. */
  static final class Put implements Handler {
    @Override
    public Reply handle(OpRequest req, Store store) throws IOException {
      Volume v = store.bucket(req.requireBucket());
      Integrity integrity = Integrity.of(req);
      byte[] body = req.body().readAll(64 * 1024);
      integrity.update(ByteBuffer.wrap(body));
      integrity.finish(req.body().trailers());
      Map<String, String> tags = new LinkedHashMap<>();
      for (Tagging.Tag t : Tagging.parse(body, Tagging.MAX_BUCKET_TAGS).tags()) {
        tags.put(t.key(), t.value());
      }
      v.setXattr(v.root(), XATTR, TaggingResultXml.encode(tags).getBytes(StandardCharsets.UTF_8),
          XattrMode.UPSERT);
      v.syncNamespace();
      return Reply.empty(204);
    }
  }

  /** GetBucketTagging ({@code GET /bucket?tagging}): the tag set, or NoSuchTagSet. */
  static final class Get implements Handler {
    @Override
    public Reply handle(OpRequest req, Store store) {
      Volume v = store.bucket(req.requireBucket());
      byte[] doc;
      try {
        doc = v.getXattr(v.root(), XATTR);
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
          throw e;
        }
        throw new S3Exception(S3ErrorCode.NO_SUCH_TAG_SET, "bucket '" + req.requireBucket()
            + "' has no tag set").withDetail("BucketName", req.requireBucket());
      }
      return new Reply(200, HttpHeaders.builder().contentType(MediaType.XML_UTF_8).build(), doc,
          null, 0);
    }
  }

  /** DeleteBucketTagging ({@code DELETE /bucket?tagging}): removes the tag set; 204 either way. */
  static final class Delete implements Handler {
    @Override
    public Reply handle(OpRequest req, Store store) {
      Volume v = store.bucket(req.requireBucket());
      try {
        v.removeXattr(v.root(), XATTR);
        v.syncNamespace();
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
          throw e;
        }
      }
      return Reply.empty(204);
    }
  }
}

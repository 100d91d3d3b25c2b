package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.CopyObjectResultXml;
import dev.estuary.s3.internal.codec.PartRecord;
import dev.estuary.s3.internal.codec.RangeHeader;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.Encryption;
import dev.estuary.s3.internal.sse.SseRecord;
import java.util.Map;

/**
 * UploadPartCopy ({@code PUT /bucket/key?partNumber=N&uploadId=ID} with {@code
 * x-amz-copy-source}, optionally {@code x-amz-copy-source-range: bytes=first-last}). The part's
 * ETag is the MD5 of the bytes copied, so they are read through a bounded buffer while written.
 */
final class UploadPartCopyOp implements Handler {
  private final UploadLocks locks;

  /**
   * Creates the handler.
   *
   * @param locks the per-upload locks shared with Complete and Abort
   */
  UploadPartCopyOp(UploadLocks locks) {
    this.locks = locks;
  }

  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.bucket(req.requireBucket());
    int n = UploadPartOp.partNumber(req);
    Uploads.Upload u = Uploads.find(v, req.query().get("uploadId", ""), key.key());
    try (CopySource src = CopySource.resolve(req, store)) {
      return copyPart(req, store, v, key, src, n, u, locks);
    }
  }

  private static Reply copyPart(OpRequest req, Store store, Volume v, KeyPath key,
      CopySource src, int n, Uploads.Upload u, UploadLocks locks) {
    long size = src.size();
    long offset = 0;
    long length = size;
    String range = req.header("x-amz-copy-source-range");
    if (range != null) {
      RangeHeader r = RangeHeader.parse(range).orElse(null);
      if (r == null || r.first() < 0 || r.last() < 0 || r.last() >= size) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-copy-source-range: '" + range
            + "' (expected: bytes=first-last within the source's " + size + " bytes)")
            .withDetail("ArgumentName", "x-amz-copy-source-range").withDetail("ArgumentValue", range);
      }
      offset = r.first();
      length = r.last() - r.first() + 1;
    }
    if (length > store.settings().maxPutBytes()) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, "copy range: " + length
          + " bytes (expected: <= " + store.settings().maxPutBytes() + ")");
    }
    Attributes tmp = v.createUnlinked(Store.FILE_MODE, Store.owner(req.requirePrincipal()));
    try (FileHandle dst = v.open(tmp.id(), OpenMode.READ_WRITE)) {
      FileHandle in = src.handle();
      Integrity integrity = Integrity.none();
      Encryption.Target enc = store.encryption().uploadTarget(req.headers(),
          SseOps.transport(req), v, u.dir());
      String etag;
      if (enc != null || src.sse() != null) {
        // Encrypted on either side: plaintext through the heap, re-encrypted with the upload's key.
        SseRecord.Segment seg = SseCopy.copy(src, offset, length, dst, enc, integrity);
        integrity.finish(Map.of());
        etag = enc == null ? integrity.md5Hex() : enc.etag(integrity.md5Hex());
        if (enc != null) {
          enc.recordPart(v, dst.id(), java.util.Objects.requireNonNull(seg));
        }
      } else {
        CopySource.copy(in, offset, length, dst, integrity);
        integrity.finish(Map.of());
        etag = integrity.md5Hex();
      }
      UploadPartOp.store(locks, v, u, n, dst, new PartRecord(etag, null, null));
      com.linecorp.armeria.common.HttpHeadersBuilder h =
          com.linecorp.armeria.common.HttpHeaders.builder();
      if (enc != null) {
        enc.headers(h);
      }
      return Reply.xml(200, h, CopyObjectResultXml.encode("CopyPartResult", etag,
          dst.attributes().modifyTime(), null, null));
    }
  }
}

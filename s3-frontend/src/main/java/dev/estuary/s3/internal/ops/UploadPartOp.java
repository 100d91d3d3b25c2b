package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.PartRecord;
import dev.estuary.s3.internal.sse.Encryption;
import java.io.IOException;
import java.util.Locale;

/**
 * UploadPart ({@code PUT /bucket/key?partNumber=N&uploadId=ID}): the body streams into an
 * unlinked file, is verified, synced, and then linked into the upload's directory as part N,
 * replacing an earlier upload of the same number. Size limits: 5 GiB per part
 * ({@code EntityTooLarge}); the 5 MiB minimum is checked at completion, when the last part is known.
 */
final class UploadPartOp implements Handler {
  private final UploadLocks locks;

  /**
   * Creates the handler.
   *
   * @param locks the per-upload locks shared with Complete and Abort
   */
  UploadPartOp(UploadLocks locks) {
    this.locks = locks;
  }

  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.bucket(req.requireBucket());
    int n = partNumber(req);
    Uploads.Upload u = Uploads.find(v, req.query().get("uploadId", ""), key.key());
    Integrity integrity = Integrity.of(req);
    Encryption.Target enc = store.encryption().uploadTarget(req.headers(), SseOps.transport(req),
        v, u.dir());
    try (ObjectWriter.Staged staged = ObjectWriter.stage(v, Store.FILE_MODE, Store.owner(req.requirePrincipal()),
        req.body(), integrity, store.settings().maxPutBytes(), enc)) {
      String etag = enc == null ? integrity.md5Hex() : enc.etag(integrity.md5Hex());
      if (enc != null) {
        enc.recordPart(v, staged.handle().id(), java.util.Objects.requireNonNull(staged.segment()));
      }
      store(locks, v, u, n, staged.handle(), new PartRecord(etag, integrity.algorithm(),
          integrity.checksum()));
      HttpHeadersBuilder h = HttpHeaders.builder().add("etag", '"' + etag + '"');
      if (enc != null) {
        enc.headers(h);
      }
      if (integrity.checksum() != null) {
        h.add("x-amz-checksum-" + integrity.algorithm().toLowerCase(Locale.ROOT),
            integrity.checksum());
      }
      return Reply.empty(200, h.build());
    }
  }

  /**
   * Stores a staged part durably under its number. The link into the upload is made under the
   * upload's lock: a Complete under way keeps the parts it checked, and an upload completed or
   * aborted meanwhile is gone (NoSuchUpload) rather than revived by the new part.
   *
   * @param locks the per-upload locks
   * @param v the volume
   * @param u the upload
   * @param n the part number
   * @param h the staged part's handle
   * @param r its record
   */
  static void store(UploadLocks locks, Volume v, Uploads.Upload u, int n, FileHandle h,
      PartRecord r) {
    v.setXattr(h.id(), PartRecord.XATTR, r.encode(), XattrMode.UPSERT);
    h.syncData();
    try (UploadLocks.Held _ = locks.lock(v.name(), u.id())) {
      v.link(h.id(), u.dir(), Uploads.partName(n), RenameMode.REPLACE);
    } catch (dev.estuary.dfs.DfsException e) {
      if (e.kind() == dev.estuary.dfs.ErrorKind.STALE
          || e.kind() == dev.estuary.dfs.ErrorKind.NOT_FOUND) {
        throw Uploads.noSuchUpload(u.id()); // completed or aborted meanwhile
      }
      throw e;
    }
    v.syncNamespace();
  }

  static int partNumber(OpRequest req) {
    return ObjectRead.parsePartNumber(req.query().get("partNumber", ""));
  }
}

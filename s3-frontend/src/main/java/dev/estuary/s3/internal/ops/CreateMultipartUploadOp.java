package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.InitiateMultipartUploadResultXml;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.UploadRecord;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.Encryption;
import java.util.Locale;
import java.util.UUID;

/**
 * CreateMultipartUpload ({@code POST /bucket/key?uploads}): records the key, metadata and checksum
 * choice in a new upload directory of the hidden area ({@link Uploads}), durably, and answers the
 * upload id. The key is checked now, so an upload that could never complete is refused at once.
 */
final class CreateMultipartUploadOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Uploads.refuseReserved(key);
    if (key.isDirectory()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key()
          + "' ends in '/', which names a directory: it cannot hold uploaded data")
          .withDetail("ArgumentName", "key").withDetail("ArgumentValue", key.key());
    }
    Volume v = store.bucket(req.requireBucket());
    ObjectMeta meta = MetaHeaders.fromRequest(req.headers(), store.settings(),
        Tagging.fromHeader(req.header("x-amz-tagging")));
    String alg = req.header("x-amz-checksum-algorithm");
    alg = alg == null || alg.isBlank() ? null : Checksums.canonical(alg);
    String type = req.header("x-amz-checksum-type");
    if (type != null) {
      type = type.strip().toUpperCase(Locale.ROOT);
      if (!type.equals("COMPOSITE") && !type.equals("FULL_OBJECT")) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "x-amz-checksum-type: '" + type + "' (expected: COMPOSITE or FULL_OBJECT)");
      }
      if (alg == null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "x-amz-checksum-type without x-amz-checksum-algorithm (expected: both)");
      }
    }
    if (alg != null && type == null) {
      type = alg.equals("CRC64NVME") ? "FULL_OBJECT" : "COMPOSITE";
    }
    if ("FULL_OBJECT".equals(type) && alg != null && alg.startsWith("SHA")) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "x-amz-checksum-type: FULL_OBJECT with "
          + alg + " (expected: COMPOSITE for SHA checksums)");
    }
    if ("COMPOSITE".equals(type) && "CRC64NVME".equals(alg)) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
          "x-amz-checksum-type: COMPOSITE with CRC64NVME (expected: FULL_OBJECT)");
    }
    Encryption.Target enc = store.encryption().target(req.headers(), SseOps.transport(req), v);
    Ownership owner = Store.owner(req.requirePrincipal());
    String id = UUID.randomUUID().toString().replace("-", "");
    UploadRecord r = new UploadRecord(key.key(), Store.nanos(store.clock().instant()), alg, type,
        meta);
    dev.estuary.dfs.Attributes dir = null;
    for (int attempt = 0; dir == null; attempt++) {
      try {
        dir = v.mkdir(Uploads.area(v), id, 0700, owner);
      } catch (dev.estuary.dfs.DfsException e) {
        // The area was removed by a concurrent completion between mkdirs and mkdir: retry.
        if (attempt >= 4 || e.kind() != dev.estuary.dfs.ErrorKind.STALE
            && e.kind() != dev.estuary.dfs.ErrorKind.NOT_FOUND) {
          throw e;
        }
      }
    }
    v.setXattr(dir.id(), UploadRecord.XATTR, r.encode(), XattrMode.UPSERT);
    if (enc != null) {
      // The parts are encrypted as they arrive, each with this key (SSE-C: the part requests
      // must give it again; SSE-S3: the data key, wrapped).
      enc.recordUpload(v, dir.id());
    }
    ObjectLock.rememberForUpload(req, v, dir.id(), store.clock().instant());
    v.syncNamespace();
    HttpHeadersBuilder h = HttpHeaders.builder();
    if (enc != null) {
      enc.headers(h);
    }
    if (alg != null) {
      h.add("x-amz-checksum-algorithm", alg).add("x-amz-checksum-type", type);
    }
    return Reply.xml(200, h, InitiateMultipartUploadResultXml.encode(req.requireBucket(),
        key.key(), id));
  }
}

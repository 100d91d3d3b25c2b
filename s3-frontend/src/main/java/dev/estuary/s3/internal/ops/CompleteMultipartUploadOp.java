package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.checksum.ChecksumAlgorithm;
import dev.estuary.s3.internal.checksum.Checksums;
import dev.estuary.s3.internal.codec.CompleteMultipartUploadRequest;
import dev.estuary.s3.internal.codec.CompleteMultipartUploadResultXml;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * CompleteMultipartUpload ({@code POST /bucket/key?uploadId=ID}). Checks the list (ascending part
 * numbers, {@code InvalidPartOrder}; every part uploaded with the ETag given and, when given, the
 * checksum, {@code InvalidPart}; every part but the last at least 5 MiB, {@code EntityTooSmall}),
 * then concatenates the parts inside the backend with copy-range (no bytes through the heap) into
 * an unlinked object, stores the ETag (MD5 of the part MD5s, {@code -N}), the part sizes (for
 * {@code partNumber} GETs) and the checksum (COMPOSITE: the checksum of the part checksums;
 * FULL_OBJECT: the CRCs combined), syncs, links under the key and removes the upload.
 *
 * <p>The checks and the assembly run under the upload's lock ({@link UploadLocks}), shared with
 * AbortMultipartUpload and UploadPart, and the upload is claimed durably before the object is
 * published ({@link UploadClaims}): of a Complete, an Abort and a second Complete of one upload
 * exactly one outcome happens, and every answer describes it.
 */
final class CompleteMultipartUploadOp implements Handler {
  /** The extended attribute naming the upload an object was completed from. */
  static final String COMPLETED_XATTR = "estuary.s3.completed";

  /** The earlier answer when the object at the key was completed from this upload, else null. */
  private static @org.jspecify.annotations.Nullable Reply repeat(OpRequest req, Volume v,
      KeyPath key, String uploadId) {
    try {
      Store.Found f = Store.find(v, key);
      String done = new String(v.getXattr(f.attributes().id(), COMPLETED_XATTR),
          java.nio.charset.StandardCharsets.US_ASCII);
      if (!done.equals(uploadId)) {
        return null;
      }
      ObjectMeta m = Store.meta(v, f.attributes());
      String shown = m.checksumValue() == null ? null
          : "COMPOSITE".equals(m.checksumType()) ? m.checksumValue() + "-" + m.partSizes().size()
          : m.checksumValue();
      return Reply.xml(200, HttpHeaders.builder(), CompleteMultipartUploadResultXml.encode(
          "/" + req.requireBucket() + "/" + key.key(), req.requireBucket(), key.key(),
          Store.etag(f.attributes(), m), m.checksumAlgorithm(), shown, m.checksumType()));
    } catch (S3Exception | dev.estuary.dfs.DfsException e) {
      return null;
    }
  }

  /** The earlier answer when the upload was completed, else {@code missing} itself. */
  private static Reply repeatOr(S3Exception missing, OpRequest req, Volume v, KeyPath key,
      String uploadId) {
    Reply again = repeat(req, v, key, uploadId);
    if (again != null) {
      return again;
    }
    throw missing;
  }

  private final UploadLocks locks;
  private final Versions versions;

  /**
   * Creates the handler.
   *
   * @param locks the per-upload locks shared with Abort and UploadPart
   * @param versions the versioning service
   */
  CompleteMultipartUploadOp(UploadLocks locks, Versions versions) {
    this.locks = locks;
    this.versions = versions;
  }

  @Override
  public Reply handle(OpRequest req, Store store) throws IOException {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.bucket(req.requireBucket());
    String uploadId = req.query().get("uploadId", "");
    try {
      // An unknown upload is answered before the body is read.
      Uploads.find(v, uploadId, key.key());
    } catch (S3Exception e) {
      return repeatOr(e, req, v, key, uploadId);
    }
    byte[] body = req.body().readAll(CompleteMultipartUploadRequest.MAX_BYTES);
    CompleteMultipartUploadRequest c = CompleteMultipartUploadRequest.parse(body);
    c.requireAscending();
    // One Complete or Abort of an upload at a time (issue 8: an Abort or a second Complete during
    // a Complete used to leave answers that contradicted the stored object). Whoever waited finds
    // the outcome: a completed upload is answered as it was the first time, an aborted one with
    // NoSuchUpload.
    try (UploadLocks.Held _ = locks.lock(v.name(), uploadId)) {
      Uploads.Upload u;
      try {
        u = Uploads.find(v, uploadId, key.key());
        if (UploadClaims.settle(v, u)) {
          throw Uploads.noSuchUpload(uploadId);
        }
      } catch (S3Exception e) {
        return repeatOr(e, req, v, key, uploadId);
      }
      return complete(req, store, v, key, u, c, versions);
    }
  }

  /** Checks the part list against the upload, assembles and publishes the object. */
  private static Reply complete(OpRequest req, Store store, Volume v, KeyPath key,
      Uploads.Upload u, CompleteMultipartUploadRequest c, Versions versions) {
    Map<Integer, Uploads.Part> stored = new HashMap<>();
    for (Uploads.Part p : Uploads.parts(v, u, 0, Uploads.MAX_PARTS)) {
      stored.put(p.number(), p);
    }
    String algName = u.record().checksumAlgorithm();
    ChecksumAlgorithm alg = algName == null ? null : ChecksumAlgorithm.fromWireName(algName);
    List<Uploads.Part> chosen = new ArrayList<>();
    for (int i = 0; i < c.parts().size(); i++) {
      CompleteMultipartUploadRequest.Part want = c.parts().get(i);
      Uploads.Part p = stored.get(want.partNumber());
      String etag = CompleteMultipartUploadRequest.unquote(want.etag());
      if (p == null || !p.record().md5Hex().equalsIgnoreCase(etag)) {
        throw new S3Exception(S3ErrorCode.INVALID_PART, "part " + want.partNumber()
            + (p == null ? " was not uploaded" : " has ETag \"" + p.record().md5Hex()
                + "\", not " + want.etag())).withDetail("UploadId", u.id())
            .withDetail("PartNumber", Integer.toString(want.partNumber()));
      }
      for (Map.Entry<ChecksumAlgorithm, String> ck : want.checksums().entrySet()) {
        String have = ck.getKey().wireName().equals(p.record().checksumAlgorithm())
            ? p.record().checksum() : null;
        if (have == null || !have.equals(ck.getValue().strip())) {
          throw new S3Exception(S3ErrorCode.INVALID_PART, "part " + want.partNumber() + ": "
              + ck.getKey().wireName() + " checksum " + ck.getValue() + " does not match the "
              + "uploaded part's (" + have + ")").withDetail("UploadId", u.id())
              .withDetail("PartNumber", Integer.toString(want.partNumber()));
        }
      }
      long size = p.attributes().size();
      if (i < c.parts().size() - 1 && size < store.settings().minPartBytes()) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_SMALL, "part " + want.partNumber() + ": "
            + size + " bytes (expected: >= " + store.settings().minPartBytes()
            + " for every part but the last)").withDetail("ProposedSize", Long.toString(size))
            .withDetail("MinSizeAllowed", Long.toString(store.settings().minPartBytes()))
            .withDetail("PartNumber", Integer.toString(want.partNumber()))
            .withDetail("ETag", p.record().md5Hex());
      }
      chosen.add(p);
    }
    // The parts are S3's; the object is the requester's, checked and with the volume's defaults.
    CheckedVolume target = store.volume(req);
    Attributes tmp = v.createUnlinked(target.defaults().fileMode(), target.newOwner());
    try (FileHandle dst = v.open(tmp.id(), OpenMode.READ_WRITE)) {
      long offset = 0;
      List<byte[]> md5s = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      List<byte[]> sums = new ArrayList<>();
      List<Checksums.Part> crcParts = new ArrayList<>();
      boolean allSums = alg != null;
      for (Uploads.Part p : chosen) {
        try (FileHandle in = v.open(p.attributes().id(), OpenMode.READ)) {
          long size = p.attributes().size();
          long done = 0;
          while (done < size) {
            long n = in.copyTo(done, dst, offset + done, size - done);
            if (n <= 0) {
              throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "part " + p.number() + " shrank");
            }
            done += n;
          }
          offset += size;
          sizes.add(size);
        }
        md5s.add(HexFormat.of().parseHex(p.record().md5Hex()));
        if (allSums && alg.wireName().equals(p.record().checksumAlgorithm())
            && p.record().checksum() != null) {
          byte[] raw = Base64.getDecoder().decode(p.record().checksum());
          sums.add(raw);
          crcParts.add(new Checksums.Part(raw, p.attributes().size()));
        } else {
          allSums = false;
        }
      }
      String etag = Checksums.multipartEtag(md5s);
      String type = u.record().checksumType();
      String value = null;
      if (allSums && alg != null) {
        if ("FULL_OBJECT".equals(type)) {
          value = Checksums.base64(Checksums.fullObject(alg, crcParts));
        } else {
          String comp = Checksums.composite(alg, sums);
          value = comp.substring(0, comp.lastIndexOf('-'));
        }
      }
      if (algName != null) {
        // The client may state the whole object's checksum (FULL_OBJECT, or COMPOSITE with -N).
        String stated = req.header("x-amz-checksum-" + algName.toLowerCase(java.util.Locale.ROOT));
        if (stated != null && value != null) {
          String s = stated.strip();
          int dash = s.lastIndexOf('-');
          String bare = dash > 0 && "COMPOSITE".equals(type) ? s.substring(0, dash) : s;
          if (!bare.equals(value)) {
            throw new S3Exception(S3ErrorCode.BAD_DIGEST, "x-amz-checksum-"
                + algName.toLowerCase(java.util.Locale.ROOT) + ": the object's " + type
                + " checksum is " + value + " (expected: " + s + ", as sent)");
          }
        }
      }
      ObjectMeta m = u.record().meta().withContent(etag, value == null ? null : algName, value,
          value == null ? null : type, sizes);
      // Remember which upload this object completed, so a repeated Complete (a client retry after
      // a lost response) gets the same answer instead of NoSuchUpload.
      v.setXattr(dst.id(), COMPLETED_XATTR,
          u.id().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          dev.estuary.dfs.XattrMode.UPSERT);
      ObjectMeta sealed = ObjectWriter.seal(v, dst, m);
      UploadClaims.claim(v, u, dst.id());
      String inm = req.header("if-none-match");
      Versions.Published published;
      try {
        published = versions.publish(store, v, target, dst, sealed, key,
            inm != null && inm.strip().equals("*") ? RenameMode.NO_REPLACE : RenameMode.REPLACE);
      } catch (RuntimeException e) {
        withdrawUnlessPublished(v, u, dst, e);
        throw e;
      }
      Uploads.remove(v, u);
      v.syncNamespace();
      HttpHeadersBuilder h = HttpHeaders.builder();
      if (published.versionId() != null) {
        h.add("x-amz-version-id", published.versionId());
      }
      String shown = value == null ? null
          : "COMPOSITE".equals(type) ? value + "-" + sizes.size() : value;
      return Reply.xml(200, h, CompleteMultipartUploadResultXml.encode(
          "/" + req.requireBucket() + "/" + key.key(), req.requireBucket(), key.key(), etag,
          value == null ? null : algName, shown, value == null ? null : type));
    }
  }

  /**
   * After a failed publish (e.g. PreconditionFailed for If-None-Match), withdraws the claim so the
   * upload stays in progress; if the object got linked after all, the claim stays for {@link
   * UploadClaims#settle} to find.
   */
  private static void withdrawUnlessPublished(Volume v, Uploads.Upload u, FileHandle dst,
      RuntimeException failure) {
    try {
      if (v.location(dst.id()).isEmpty()) {
        UploadClaims.withdraw(v, u);
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}

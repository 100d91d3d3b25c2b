package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The durable state transition of a multipart upload being completed. Before a
 * CompleteMultipartUpload publishes the object it assembled, it claims the upload: the extended
 * attribute {@value #XATTR} of the upload's directory records the id of that object. Then it
 * publishes, and then it removes the upload. A failure before the publish withdraws the claim, and
 * the upload stays in progress (AWS keeps an upload whose Complete failed).
 *
 * <p>A claim still present when the upload's lock ({@link UploadLocks}) is taken was left by a
 * Complete that did not finish: the process stopped. It is settled then, by what happened to the
 * claimed object: if it is linked and carries this upload's id, the Complete published it and the
 * upload is removed now (so an Abort answers NoSuchUpload, and a retried Complete repeats the
 * answer); otherwise the object was never published (the engine drops unlinked objects when it
 * opens) and the claim is withdrawn, so the upload can be completed or aborted again. A claim
 * never blocks an upload.
 *
 * <p>The claim is written before the publish, and the volume sync that makes the link durable
 * makes the claim durable with it.
 */
final class UploadClaims {
  /** The extended attribute of an upload directory naming the object being published. */
  static final String XATTR = "estuary.s3.completing";

  private UploadClaims() {}

  /**
   * Claims an upload for the object about to be published. The caller holds the upload's lock and
   * has settled any earlier claim.
   *
   * @param v the volume
   * @param u the upload
   * @param object the assembled, sealed, not yet published object
   * @throws DfsException {@link ErrorKind#EXISTS} if the upload is already claimed
   */
  static void claim(Volume v, Uploads.Upload u, ObjectId object) {
    v.setXattr(u.dir(), XATTR, object.toBytes(), XattrMode.CREATE);
  }

  /**
   * Withdraws a claim after a Complete failed before publishing; the upload stays in progress.
   *
   * @param v the volume
   * @param u the upload
   */
  static void withdraw(Volume v, Uploads.Upload u) {
    try {
      v.removeXattr(u.dir(), XATTR);
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NO_SUCH_XATTR && e.kind() != ErrorKind.STALE) {
        throw e;
      }
    }
  }

  /**
   * Settles a claim left by a Complete that did not finish. The caller holds the upload's lock.
   *
   * @param v the volume
   * @param u the upload
   * @return true if the upload had been completed (it is removed now), false if it is in progress
   */
  static boolean settle(Volume v, Uploads.Upload u) {
    byte[] claimed;
    try {
      claimed = v.getXattr(u.dir(), XATTR);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NO_SUCH_XATTR) {
        return false;
      }
      throw e;
    }
    if (claimed.length == ObjectId.BYTES && published(v, ObjectId.fromBytes(claimed), u.id())) {
      Uploads.remove(v, u);
      v.syncNamespace();
      return true;
    }
    withdraw(v, u);
    v.syncNamespace();
    return false;
  }

  /** Whether the object is linked and was completed from this upload. */
  private static boolean published(Volume v, ObjectId object, String uploadId) {
    try {
      if (v.location(object).isEmpty()) {
        return false;
      }
      byte[] from = v.getXattr(object, CompleteMultipartUploadOp.COMPLETED_XATTR);
      return Arrays.equals(from, uploadId.getBytes(StandardCharsets.US_ASCII));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.STALE || e.kind() == ErrorKind.NO_SUCH_XATTR
          || e.kind() == ErrorKind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}

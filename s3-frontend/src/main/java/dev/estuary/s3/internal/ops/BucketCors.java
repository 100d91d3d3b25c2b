package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;
import java.util.Optional;

/**
 * A bucket's CORS configuration: the document as accepted by PutBucketCors, kept in the extended
 * attribute {@value #XATTR} of the volume root, so it lives and dies with the volume.
 */
final class BucketCors {
  /** The attribute on the volume root. */
  static final String XATTR = "estuary.s3.cors";

  private BucketCors() {}

  static Optional<byte[]> read(Volume v) {
    try {
      return Optional.of(v.getXattr(v.root(), XATTR));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NO_SUCH_XATTR) {
        return Optional.empty();
      }
      throw e;
    }
  }
}

package dev.estuary.s3.internal.ops;

import java.nio.ByteBuffer;

/** One running checksum of a body. */
public interface Hasher {
  /**
   * Feeds bytes.
   *
   * @param b the bytes between position and limit; consumed
   */
  void update(ByteBuffer b);

  /**
   * Returns the checksum of everything fed.
   *
   * @return the raw checksum bytes (big-endian for CRCs, as S3 encodes them)
   */
  byte[] digest();
}

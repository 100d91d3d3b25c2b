package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.sse.Encryption;
import dev.estuary.s3.internal.sse.SseRecord;
import java.util.Optional;

/** The glue between the handlers and {@link Encryption}: the request's transport, part sizes. */
final class SseOps {
  private SseOps() {}

  /**
   * Returns how a request came, for the SSE-C transport rule.
   *
   * @param req the request
   * @return its transport
   */
  static Encryption.Transport transport(OpRequest req) {
    return new Encryption.Transport(req.secureTransport(), req.loopbackClient());
  }

  /**
   * Returns the plaintext size of an uploaded part (its file holds ciphertext when the upload is
   * encrypted).
   *
   * @param v the volume
   * @param part the part's attributes
   * @return its size as S3 reports it
   */
  static long partSize(Volume v, Attributes part) {
    Optional<SseRecord> r = Encryption.record(v, part.id());
    return r.isPresent() ? r.get().plainSize() : part.size();
  }
}

package dev.estuary.dataset.internal.ops;

import org.jspecify.annotations.Nullable;

/**
 * What a server-streaming handler produces: messages pulled one at a time by the server's
 * flow-controlled pump, which pulls only while the client can take more (so memory stays bounded).
 * {@link #poll} may do blocking backend I/O (it runs on the bounded I/O executor); a source that is
 * waiting on background work returns null and calls the {@code wake} callback it was created with
 * when a message is ready.
 *
 * @param <T> the message type
 */
public interface MessageSource<T> {

  /**
   * Returns the next message, or null when none is ready now.
   *
   * @return the message or null
   * @throws Exception when the call must end with an error ({@link StatusMap#toStatus})
   */
  @Nullable T poll() throws Exception;

  /**
   * Returns whether every message has been returned; checked after {@link #poll} returned null.
   *
   * @return true at the end of the stream
   */
  boolean finished();

  /** Releases what the source holds (open handles, background work). Idempotent. */
  void close();
}

package dev.estuary.s3.internal.ops;

import java.nio.ByteBuffer;

/**
 * Where a {@link Reply.Streamer} writes a response body. Writing blocks (a virtual thread parks)
 * until the connection has taken the previous piece, so a slow client holds one buffer, not the
 * object.
 */
public interface BodySink {

  /**
   * Returns a buffer to fill, direct and of the given capacity at most.
   *
   * @param capacity the wanted size
   * @return an empty buffer in write mode
   */
  ByteBuffer buffer(int capacity);

  /**
   * Sends the bytes between position 0 and the position of a buffer from {@link #buffer} and
   * gives the buffer up.
   *
   * @param filled the buffer, in write mode
   * @throws java.io.IOException when the client went away
   */
  void send(ByteBuffer filled) throws java.io.IOException;
}

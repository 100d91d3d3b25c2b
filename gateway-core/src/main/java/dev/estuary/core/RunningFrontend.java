package dev.estuary.core;

import java.time.Duration;
import java.util.List;

/** A started {@link Frontend}: where it listens, whether it is healthy, and how to stop it. */
public interface RunningFrontend {

  /**
   * Returns where the frontend listens, with the real port when 0 was asked for.
   *
   * @return at least one endpoint
   */
  List<Endpoint> endpoints();

  /**
   * Returns whether the frontend serves requests now; {@code /health} reports 503 when any
   * frontend is not healthy.
   *
   * @return true when healthy
   */
  default boolean healthy() {
    return true;
  }

  /**
   * Returns the client sessions the frontend holds now, with their open files ({@code estuary status}).
   * Called from the admin API's threads: implementations take a consistent snapshot and may leave out
   * a session whose state cannot be read within a short bound.
   *
   * @return the sessions; empty for frontends without sessions (the default)
   */
  default List<ClientSession> sessions() {
    return List.of();
  }

  /**
   * Stops gracefully: stops accepting at once, lets requests in flight finish for at most {@code
   * drain}, then closes what remains. Returns when the frontend no longer touches the backend.
   *
   * @param drain the longest time to wait for requests in flight
   */
  void stop(Duration drain);
}

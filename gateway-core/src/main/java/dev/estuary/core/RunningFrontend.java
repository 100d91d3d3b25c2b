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
   * Stops gracefully: stops accepting at once, lets requests in flight finish for at most {@code
   * drain}, then closes what remains. Returns when the frontend no longer touches the backend.
   *
   * @param drain the longest time to wait for requests in flight
   */
  void stop(Duration drain);
}

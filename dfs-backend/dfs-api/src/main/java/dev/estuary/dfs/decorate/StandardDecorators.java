package dev.estuary.dfs.decorate;

import dev.estuary.dfs.Dfs;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The decorators the launcher puts around every backend it opens, in one place so that the
 * gateway, node mode and the frontends' test servers see backends exactly alike: {@link
 * ReservedNamesDfs} outermost (so {@link ReservedNamesDfs#privileged} finds it), over {@link
 * MeteredDfs} (every call counted, refused ones included), over {@link CheckedDfs} (arguments and
 * handle state checked before the backend sees them), over the backend.
 */
public final class StandardDecorators {
  private StandardDecorators() {}

  /**
   * Decorates an open backend.
   *
   * @param backend the backend as its provider opened it
   * @param registry where the metrics decorator registers its meters
   * @return the backend frontends use; closing it closes {@code backend}
   */
  public static Dfs apply(Dfs backend, MeterRegistry registry) {
    return new ReservedNamesDfs(served(backend, registry));
  }

  /**
   * Decorates a backend that node mode's engine daemon serves to frontend processes: counted and
   * checked, but with the reserved names still reachable, because the privileged code that owns
   * them ({@link ReservedNamesDfs#privileged}) runs in the frontend process, which puts {@link
   * #apply} around its remote backend.
   *
   * @param backend the backend as its provider opened it
   * @param registry where the metrics decorator registers its meters
   * @return the backend to serve; closing it closes {@code backend}
   */
  public static Dfs served(Dfs backend, MeterRegistry registry) {
    return new MeteredDfs(new CheckedDfs(backend), registry);
  }
}

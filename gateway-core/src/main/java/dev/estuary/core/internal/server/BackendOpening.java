package dev.estuary.core.internal.server;

import dev.estuary.core.BackendConfig;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.decorate.StandardDecorators;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Opens the configured backend over its directory in the data directory, with clear errors. */
public final class BackendOpening {
  private BackendOpening() {}

  /**
   * Opens the backend and puts the standard decorators around it ({@link StandardDecorators}:
   * reserved names hidden and refused, every call counted), so every frontend gets volumes that
   * behave alike over any backend.
   *
   * @param provider the implementation
   * @param data the data directory; backends keep their files in a sub-directory named after
   *     themselves (the engine uses {@code <data>/engine/})
   * @param backend the backend configuration
   * @param clock the time source
   * @param registry where the backend registers meters
   * @return the open, decorated backend
   * @throws GatewayException if it is in use or cannot be opened
   */
  public static Dfs open(DfsProvider provider, DataDirectory data, BackendConfig backend,
      Clock clock, MeterRegistry registry) {
    try {
      return StandardDecorators.apply(provider.open(context(data, backend, clock, registry)), registry);
    } catch (DfsException e) {
      throw failure(data, backend, e);
    }
  }

  private static GatewayException failure(DataDirectory data, BackendConfig backend,
      DfsException e) {
    if (e.kind() == ErrorKind.BUSY) {
      return new GatewayException("data directory: " + data.root()
          + " is in use by another process (expected: a stopped server)", e);
    }
    return new GatewayException("backend " + backend.name() + ": cannot open "
        + data.root() + " (" + e.getMessage() + ")", e);
  }

  /**
   * Opens the backend the engine daemon serves ({@link StandardDecorators#served}: counted and
   * checked, reserved names reachable); its own admin operations use it under {@link
   * dev.estuary.dfs.decorate.ReservedNamesDfs}, which makes it what {@link #open} returns.
   *
   * @param provider the implementation
   * @param data the data directory
   * @param backend the backend configuration
   * @param clock the time source
   * @param registry where the backend registers meters
   * @return the open backend
   * @throws GatewayException if it is in use or cannot be opened
   */
  public static Dfs openServed(DfsProvider provider, DataDirectory data, BackendConfig backend,
      Clock clock, MeterRegistry registry) {
    try {
      return StandardDecorators.served(provider.open(context(data, backend, clock, registry)),
          registry);
    } catch (DfsException e) {
      throw failure(data, backend, e);
    }
  }

  /**
   * Returns the context the backend is opened (or checked) with.
   *
   * @param data the data directory
   * @param backend the backend configuration
   * @param clock the time source
   * @param registry where meters go
   * @return the context
   */
  public static DfsProvider.Context context(DataDirectory data, BackendConfig backend,
      Clock clock, MeterRegistry registry) {
    return new DfsProvider.Context(data.root(), clock, registry, backend.options());
  }
}

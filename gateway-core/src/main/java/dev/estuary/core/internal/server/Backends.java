package dev.estuary.core.internal.server;

import dev.estuary.core.BackendConfig;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.dfs.DfsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds backend implementations with {@link ServiceLoader} by name (DESIGN §1). */
public final class Backends {
  private Backends() {}

  /**
   * Finds the provider a configuration names.
   *
   * @param backend the backend configuration
   * @param loader where to look
   * @return the provider
   * @throws GatewayException naming the backend and the available ones
   */
  public static DfsProvider provider(BackendConfig backend, ClassLoader loader) {
    List<String> names = new ArrayList<>();
    for (DfsProvider p : ServiceLoader.load(DfsProvider.class, loader)) {
      if (p.name().equals(backend.name())) {
        return p;
      }
      names.add(p.name());
    }
    throw new GatewayException(
        "backend: '" + backend.name() + "' is not available in this build (available: "
            + (names.isEmpty() ? "none" : String.join(", ", names.stream().sorted().toList())) + ")");
  }
}

package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ConcurrencyContract;
import java.util.Map;

/**
 * Runs {@link ConcurrencyContract} through RemoteDfs with every file in a data file (inline threshold 0)
 * and every read and write through the passed descriptor (direct minimum 0).
 */
class RemoteDirectConcurrencyTest extends ConcurrencyContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider(0);
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("inline-threshold", "0");
  }
}

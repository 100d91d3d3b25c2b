package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ProviderContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ProviderContract} against the engine with its default options. */
class EngineProviderTest extends ProviderContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

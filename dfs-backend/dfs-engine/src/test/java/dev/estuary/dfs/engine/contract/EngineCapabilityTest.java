package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CapabilityContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link CapabilityContract} against the engine with its default options. */
class EngineCapabilityTest extends CapabilityContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

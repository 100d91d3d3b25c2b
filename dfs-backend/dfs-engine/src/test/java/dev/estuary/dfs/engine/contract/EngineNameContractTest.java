package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NameContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link NameContract} against the embedded engine. */
class EngineNameContractTest extends NameContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ReaddirContract} against the embedded engine. */
class EngineReaddirContractTest extends ReaddirContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ChangeCounterContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ChangeCounterContract} against the embedded engine. */
class EngineChangeCounterContractTest extends ChangeCounterContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

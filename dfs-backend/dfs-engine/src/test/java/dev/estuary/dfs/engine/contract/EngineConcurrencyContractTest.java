package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ConcurrencyContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ConcurrencyContract} against the embedded engine. */
class EngineConcurrencyContractTest extends ConcurrencyContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

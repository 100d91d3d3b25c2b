package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RestartContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link RestartContract} against the engine with its default options. */
class EngineRestartTest extends RestartContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

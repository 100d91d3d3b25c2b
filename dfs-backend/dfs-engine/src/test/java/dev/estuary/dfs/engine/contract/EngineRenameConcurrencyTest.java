package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RenameConcurrencyContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link RenameConcurrencyContract} against the engine with its default options. */
class EngineRenameConcurrencyTest extends RenameConcurrencyContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

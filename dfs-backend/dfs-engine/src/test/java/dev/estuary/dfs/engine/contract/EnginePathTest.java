package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.PathContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link PathContract} against the engine with its default options. */
class EnginePathTest extends PathContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

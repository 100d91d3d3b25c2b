package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ReaddirContract} against the engine with its default options. */
class EngineReaddirTest extends ReaddirContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

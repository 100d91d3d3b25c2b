package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.SmallReadContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link SmallReadContract} against the engine with its default options. */
class EngineSmallReadTest extends SmallReadContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

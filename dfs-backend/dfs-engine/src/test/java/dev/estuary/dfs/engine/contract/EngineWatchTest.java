package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.WatchContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link WatchContract} against the engine with its default options. */
class EngineWatchTest extends WatchContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.WatchContract;

/** Runs {@link WatchContract} against the engine inside the standard decorators. */
class EngineDecoratedWatchTest extends WatchContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

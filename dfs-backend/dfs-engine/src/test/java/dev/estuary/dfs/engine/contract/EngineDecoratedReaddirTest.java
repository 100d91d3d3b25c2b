package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirContract;

/** Runs {@link ReaddirContract} against the engine inside the standard decorators. */
class EngineDecoratedReaddirTest extends ReaddirContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

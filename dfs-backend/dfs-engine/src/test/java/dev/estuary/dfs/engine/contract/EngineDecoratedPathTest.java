package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.PathContract;

/** Runs {@link PathContract} against the engine inside the standard decorators. */
class EngineDecoratedPathTest extends PathContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

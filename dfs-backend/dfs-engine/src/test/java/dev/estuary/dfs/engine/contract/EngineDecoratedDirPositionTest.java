package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.DirPositionContract;

/** Runs {@link DirPositionContract} against the engine inside the standard decorators. */
class EngineDecoratedDirPositionTest extends DirPositionContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

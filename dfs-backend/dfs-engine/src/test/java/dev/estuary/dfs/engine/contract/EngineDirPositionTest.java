package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.DirPositionContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link DirPositionContract} against the engine with its default options. */
class EngineDirPositionTest extends DirPositionContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

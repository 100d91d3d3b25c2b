package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.SparseFileContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link SparseFileContract} against the engine with its default options. */
class EngineSparseFileTest extends SparseFileContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

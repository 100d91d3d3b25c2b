package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FsckContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link FsckContract} against the engine with its default options. */
class EngineFsckTest extends FsckContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

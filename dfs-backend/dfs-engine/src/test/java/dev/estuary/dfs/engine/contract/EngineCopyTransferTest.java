package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CopyTransferContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link CopyTransferContract} against the engine with its default options. */
class EngineCopyTransferTest extends CopyTransferContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

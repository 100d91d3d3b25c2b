package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CopyTransferContract;

/** Runs {@link CopyTransferContract} against the engine inside the standard decorators. */
class EngineDecoratedCopyTransferTest extends CopyTransferContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirCursorContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ReaddirCursorContract} against the embedded engine. */
class EngineReaddirCursorContractTest extends ReaddirCursorContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.XattrContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link XattrContract} against the embedded engine. */
class EngineXattrContractTest extends XattrContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

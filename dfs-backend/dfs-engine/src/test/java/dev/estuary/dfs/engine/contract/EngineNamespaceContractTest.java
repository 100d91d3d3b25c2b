package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NamespaceContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link NamespaceContract} against the embedded engine. */
class EngineNamespaceContractTest extends NamespaceContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

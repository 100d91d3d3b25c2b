package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NamespaceContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link NamespaceContract} against the engine with its default options. */
class EngineNamespaceTest extends NamespaceContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

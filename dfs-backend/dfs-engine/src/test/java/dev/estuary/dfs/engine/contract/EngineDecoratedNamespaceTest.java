package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NamespaceContract;

/** Runs {@link NamespaceContract} against the engine inside the standard decorators. */
class EngineDecoratedNamespaceTest extends NamespaceContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

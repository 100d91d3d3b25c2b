package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.UnlinkedObjectContract;

/** Runs {@link UnlinkedObjectContract} against the engine inside the standard decorators. */
class EngineDecoratedUnlinkedObjectTest extends UnlinkedObjectContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.UnlinkedObjectContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link UnlinkedObjectContract} against the engine with its default options. */
class EngineUnlinkedObjectTest extends UnlinkedObjectContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

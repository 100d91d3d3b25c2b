package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NameContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link NameContract} against the engine with its default options. */
class EngineNameTest extends NameContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

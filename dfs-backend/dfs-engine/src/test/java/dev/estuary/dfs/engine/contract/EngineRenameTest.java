package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RenameContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link RenameContract} against the engine with its default options. */
class EngineRenameTest extends RenameContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

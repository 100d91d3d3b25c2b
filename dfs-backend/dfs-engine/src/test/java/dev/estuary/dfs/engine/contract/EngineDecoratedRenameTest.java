package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RenameContract;

/** Runs {@link RenameContract} against the engine inside the standard decorators. */
class EngineDecoratedRenameTest extends RenameContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

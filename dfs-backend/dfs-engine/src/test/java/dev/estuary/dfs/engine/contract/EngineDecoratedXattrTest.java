package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.XattrContract;

/** Runs {@link XattrContract} against the engine inside the standard decorators. */
class EngineDecoratedXattrTest extends XattrContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

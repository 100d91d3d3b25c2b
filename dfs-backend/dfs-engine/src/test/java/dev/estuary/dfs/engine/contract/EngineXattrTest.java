package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.XattrContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link XattrContract} against the engine with its default options. */
class EngineXattrTest extends XattrContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

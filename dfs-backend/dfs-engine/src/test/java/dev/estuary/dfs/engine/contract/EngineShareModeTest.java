package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ShareModeContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ShareModeContract} against the engine with its default options. */
class EngineShareModeTest extends ShareModeContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

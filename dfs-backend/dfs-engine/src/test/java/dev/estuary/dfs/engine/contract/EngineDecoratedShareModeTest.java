package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ShareModeContract;

/** Runs {@link ShareModeContract} against the engine inside the standard decorators. */
class EngineDecoratedShareModeTest extends ShareModeContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

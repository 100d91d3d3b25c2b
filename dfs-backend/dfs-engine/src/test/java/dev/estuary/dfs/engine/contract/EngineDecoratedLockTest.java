package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.LockContract;

/** Runs {@link LockContract} against the engine inside the standard decorators. */
class EngineDecoratedLockTest extends LockContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

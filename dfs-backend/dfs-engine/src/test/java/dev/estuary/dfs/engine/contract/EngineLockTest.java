package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.LockContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link LockContract} against the engine with its default options. */
class EngineLockTest extends LockContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

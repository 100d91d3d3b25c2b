package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ChangeCounterContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ChangeCounterContract} against the engine with its default options. */
class EngineChangeCounterTest extends ChangeCounterContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

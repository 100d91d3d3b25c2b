package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RetentionContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link RetentionContract} against the engine with its default options. */
class EngineRetentionTest extends RetentionContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}

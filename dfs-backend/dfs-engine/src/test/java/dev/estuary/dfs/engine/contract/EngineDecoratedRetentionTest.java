package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RetentionContract;

/** Runs {@link RetentionContract} against the engine inside the standard decorators. */
class EngineDecoratedRetentionTest extends RetentionContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}

package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.SmallReadContract;

/**
 * Runs {@link SmallReadContract} against the engine inside the standard decorators (which forward
 * the call instead of running the contract's default on their own methods).
 */
class EngineDecoratedSmallReadTest extends SmallReadContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}
